"""
T-S10: export safety (specs/security.md §8.1, R-12), through the ledger export page.

(a) Values starting with ``=``, ``+``, ``-``, ``@``, tab, NUL, CR or an invisible
    character are written into every exported text field; no cell of the file
    starts with a dangerous character unescaped, and none holds a control character.
(b) An export made without choosing anything is AES-256-GCM sealed.
(c) No export older than 30 days can be downloaded, and the purge removes them.
(d) One audit event per export.

The ledger is the one table haven exports; it has no XLSX form, so CSV is checked.
"""

from __future__ import annotations

import csv
import io
import random
import re
import unicodedata
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from hypothesis import given
from hypothesis import strategies as st

from haven.apps.audit.models import AuditEvent
from haven.apps.exports.cells import safe_cell
from haven.apps.exports.container import HEADER_BYTES, MAGIC, open_export
from haven.apps.exports.models import Export
from haven.apps.exports.services import purge_expired_exports
from haven.apps.placements.models import Pledge, Scheme
from tests.apps.placements.builders import places_pledge, scheme
from tests.conftest import NOW

DANGEROUS_STARTS = ("=", "+", "-", "@", "\t", "\0", "\r", "\n")
INVISIBLE = ("\u200b", "\u200e", "\u202e", "\u2066", "\ufeff", "\u00a0", " ", "\x7f")
PAYLOADS = ("cmd|' /C calc'!A0", 'HYPERLINK("http://x")', "1+1", "SUM(A1:A9)")
NUMBER = re.compile(r"-?\d+(\.\d+)?")
# The free-text columns; pledger_kind and kind are held to their choices by CHECK
# constraints, so no value of theirs can be fuzzed into the database.
TEXT_FIELDS = ("pledger", "country", "currency")


def unescaped_danger(cell: str) -> str | None:
    """Return why a cell is unsafe in a spreadsheet, or None."""
    if any(unicodedata.category(c) == "Cc" and c != "\n" for c in cell):
        return "holds a control character"
    if not cell or cell.startswith("'") or NUMBER.fullmatch(cell):
        return None
    first = cell[0]
    if first in "=+-@\uff1d\uff0b\uff0d\uff20":
        return f"starts with {first!r}"
    if unicodedata.category(first) in {"Cc", "Cf", "Zs", "Zl", "Zp"}:
        return f"starts with the invisible {first!r}"
    return None


def fuzz_value(rng: random.Random, limit: int | None = None, nul: bool = True) -> str:
    """Return a dangerous value; without NUL where the database refuses it."""
    lead = rng.choice(DANGEROUS_STARTS + INVISIBLE)
    if limit is not None and limit < 12:
        # Country and currency: PostgreSQL holds their length.
        value = (lead + rng.choice("=+-@") + "1")[:limit]
    else:
        hidden = rng.choice(("", "", "=", "\t=", "\u200b@"))
        noise = "".join(
            rng.choice("\x01\x07\x1b\r\t\0ab ") for _ in range(rng.randint(0, 3))
        )
        value = lead + hidden + rng.choice(PAYLOADS) + noise
    return value if nul else value.replace("\0", "\x01")


@st.composite
def cell_text(draw: st.DrawFn) -> str:
    start = draw(st.sampled_from(DANGEROUS_STARTS + INVISIBLE))
    return start + draw(st.text(max_size=12))


@given(st.one_of(cell_text(), st.text(max_size=20)))
def test_no_text_leaves_safe_cell_dangerous(value):
    """Property over any text: safe_cell's output is never an unescaped formula."""
    assert unescaped_danger(safe_cell(value)) is None


def _export(client, *, fmt="csv"):
    return client.post("/placements/export/", {"scheme": "dubs", "format": fmt})


def _download(client, made) -> bytes:
    response = client.get(f"/exports/{made.context['export'].token}/download/")
    assert response.status_code == 200
    return response.content


@pytest.mark.django_db
def test_a_fuzzed_ledger_exports_no_dangerous_cell(client, make_user):
    """(a) 200 pledges × every free-text field fuzzed: 0 dangerous cells."""
    rng = random.Random(2016)  # noqa: S311  (fuzz values, not secrets)
    # PostgreSQL refuses NUL in text, so there no stored value can hold one.
    nul_allowed = connection.vendor == "sqlite"
    dubs = scheme(cap=None)
    Scheme.objects.filter(pk=dubs.pk).update(name=fuzz_value(rng, nul=nul_allowed))
    for number in range(200):
        pledge = places_pledge(dubs, 1 + number % 7, pledger=f"p{number}")
        Pledge.objects.filter(pk=pledge.pk).update(
            **{
                field: fuzz_value(
                    rng, Pledge._meta.get_field(field).max_length, nul=nul_allowed
                )
                for field in TEXT_FIELDS
            }
        )
    client.force_login(make_user("supervisor"))
    results = {}
    for fmt in ("csv", "hxl"):
        made = _export(client, fmt=fmt)
        text = open_export(_download(client, made), made.context["passphrase"])
        rows = list(csv.reader(io.StringIO(text.decode("utf-8"), newline="")))
        cells = [cell for row in rows for cell in row]
        fuzzed = [row[i] for row in rows[-200:] for i in (0, 1, 3, 9)]
        unsafe = [(c, why) for c in cells if (why := unescaped_danger(c))]
        results[fmt] = (len(rows), len(cells), len(fuzzed), unsafe)
        assert all(fuzzed), "every fuzzed value reached the file"
        assert all(any(p in row[1] for p in PAYLOADS) for row in rows[-200:])
    assert results["csv"][:3] == (201, 201 * 13, 800)
    assert results["hxl"][:3] == (202, 202 * 13, 800)
    assert results["csv"][3] == []
    assert results["hxl"][3] == []


@pytest.mark.django_db
def test_an_export_is_sealed_with_aes_256_when_nothing_is_chosen(client, make_user):
    """(b) The default is a HAVENEX1 container: scrypt to 32 bytes, AES-256-GCM."""
    dubs = scheme(cap=None)
    places_pledge(dubs, 3, pledger="Canary-Borough-7f3a")
    client.force_login(make_user("supervisor"))
    made = _export(client)
    assert "plaintext" not in made.wsgi_request.POST
    sealed = _download(client, made)
    assert sealed.startswith(MAGIC)
    assert b"Canary-Borough" not in sealed
    assert len(sealed) >= HEADER_BYTES + 16
    assert b"Canary-Borough-7f3a" in open_export(sealed, made.context["passphrase"])
    export = made.context["export"]
    assert export.encrypted is True
    assert export.media_type == "application/octet-stream"


@pytest.mark.django_db
def test_plain_text_asked_for_without_the_permission_is_refused(client, make_user):
    """(b) No plaintext option outside export_plaintext: a 403, and no export."""
    scheme(cap=None)
    client.force_login(make_user("supervisor"))
    response = client.post(
        "/placements/export/", {"scheme": "dubs", "format": "csv", "plaintext": "1"}
    )
    assert response.status_code == 403
    assert not Export.objects.exists()
    ledger = client.get("/placements/?scheme=dubs").content.decode()
    assert 'name="plaintext"' not in ledger


@pytest.mark.django_db
def test_no_export_older_than_30_days_is_downloadable(client, make_user):
    """(c) At 30 days an export is refused (410), and the purge deletes it."""
    scheme(cap=None)
    client.force_login(make_user("supervisor"))
    with time_machine.travel(NOW - timedelta(days=31), tick=False):
        client.force_login(make_user("supervisor", username="old"))
        old = [_export(client).context["export"] for _ in range(3)]
    with time_machine.travel(NOW - timedelta(days=29), tick=False):
        client.force_login(make_user("supervisor", username="young"))
        young = _export(client).context["export"]
    with time_machine.travel(NOW, tick=False):
        client.force_login(Export.objects.get(pk=old[0].pk).created_by)
        refused = client.get(f"/exports/{old[0].token}/download/")
        assert refused.status_code == 410
        assert b"HAVENEX1" not in refused.content
        removed = purge_expired_exports(now=NOW)
        older = Export.objects.filter(created_at__lte=NOW - timedelta(days=30))
        assert (removed, older.count()) == (3, 0)
        client.force_login(Export.objects.get(pk=young.pk).created_by)
        assert client.get(f"/exports/{young.token}/download/").status_code == 200
        client.force_login(make_user("supervisor", username="late"))
        gone = client.get(f"/exports/{old[1].token}/download/")
        assert gone.status_code == 404


@pytest.mark.django_db
def test_each_export_is_audited_once(client, make_user):
    """(d) 5 exports → exactly 5 events, each naming its export; nothing else."""
    scheme(cap=None)
    user = make_user("supervisor")
    client.force_login(user)
    before = AuditEvent.objects.count()
    made = [_export(client, fmt=("csv", "hxl")[i % 2]) for i in range(5)]
    events = list(AuditEvent.objects.order_by("seq")[before:])
    assert len(events) == 5
    assert {e.action for e in events} == {"export.create"}
    assert [e.object_id for e in events] == [str(m.context["export"].pk) for m in made]
    assert {e.actor_id for e in events} == {user.pk}
