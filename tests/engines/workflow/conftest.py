"""Let the engine tier run with ``-p no:django`` under ``--strict-config``."""

from __future__ import annotations


def pytest_addoption(parser, pluginmanager):
    """Declare pytest-django's ini key when that plugin is disabled."""
    if not pluginmanager.has_plugin("django"):
        parser.addini("DJANGO_SETTINGS_MODULE", "settings module (pytest-django)")
