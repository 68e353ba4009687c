"""WSGI entry point for gunicorn; refuses to serve on non-durable database settings."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "haven.config.settings")

application = get_wsgi_application()

from haven.apps.operations.durability import durability_check_or_exit  # noqa: E402

durability_check_or_exit()
