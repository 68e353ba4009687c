"""Plain HTTP for the reliability tests: no session, no pooling, one call each."""

from __future__ import annotations

import http.client
import json


def database_url(settings_dict) -> str:
    """Return the DATABASE_URL of the database the tests run on."""
    if settings_dict["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{settings_dict['NAME']}"
    user = settings_dict.get("USER") or ""
    password = settings_dict.get("PASSWORD") or ""
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{credentials}{host}:{port}/{settings_dict['NAME']}"


def http_call(port, method, path, body=None, headers=None, timeout=60):
    """Send one request on a new connection; return (status, headers, JSON body)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        payload = None if body is None else json.dumps(body).encode()
        sent = {"Content-Type": "application/json", **(headers or {})}
        connection.request(method, path, body=payload, headers=sent)
        response = connection.getresponse()
        data = response.read()
        parsed = json.loads(data) if data else None
        return response.status, dict(response.getheaders()), parsed
    finally:
        connection.close()
