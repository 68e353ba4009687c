"""``haven serve --prepare-only`` sets up what ``make run`` serves."""

from __future__ import annotations

import pytest

from haven.apps.accounts.models import User
from haven.apps.people.models import Person
from haven.cli.main import main

pytestmark = pytest.mark.django_db(transaction=True)


def test_serve_prepares_the_demo_camp_and_accounts_once(capsys, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.STATIC_ROOT = tmp_path / "static"
    assert (
        main(["serve", "--prepare-only", "--demo-size", "60", "--demo-seed", "5"]) == 0
    )
    out = capsys.readouterr().out
    assert "caseworker" in out
    people = Person.objects.count()
    assert people >= 60
    assert User.objects.filter(role="system_administrator").exists()
    assert (
        main(["serve", "--prepare-only", "--demo-size", "60", "--demo-seed", "5"]) == 0
    )
    assert Person.objects.count() == people
    passwords = (tmp_path / "demo-accounts.json").stat().st_mode & 0o777
    assert passwords == 0o600


def test_demo_code_prints_the_code_of_a_demo_account_only(capsys, settings, tmp_path):
    import json

    import pyotp

    settings.VAR_DIR = tmp_path
    settings.STATIC_ROOT = tmp_path / "static"
    assert main(["serve", "--prepare-only", "--no-demo"]) == 0
    capsys.readouterr()
    secret = json.loads((tmp_path / "demo-accounts.json").read_text())["clerk"]["totp"]
    assert main(["demo-code", "clerk"]) == 0
    assert pyotp.TOTP(secret).verify(capsys.readouterr().out.strip(), valid_window=1)
    assert main(["demo-code", "nobody"]) == 2
