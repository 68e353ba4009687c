"""``haven sharing recipient-add`` and ``agreement-add``: errors name the field."""

from __future__ import annotations

import pytest

from haven.apps.sharing.models import DataSharingAgreement, Recipient
from haven.cli.main import main

pytestmark = pytest.mark.django_db


def test_a_recipient_and_an_agreement_are_added(capsys):
    assert (
        main(
            [
                "sharing",
                "recipient-add",
                "--name",
                "ICRC Central Tracing Agency",
                "--kind",
                "humanitarian",
                "--country",
                "ch",
            ]
        )
        == 0
    )
    assert Recipient.objects.get().country == "CH"
    status = main(
        [
            "sharing",
            "agreement-add",
            "--reference",
            "DSA-ICRC-1",
            "--recipient",
            "ICRC Central Tracing Agency",
            "--fields",
            "given_name,family_name",
            "--valid-from",
            "2016-01-01",
            "--valid-until",
            "2017-12-31",
        ]
    )
    assert status == 0
    assert DataSharingAgreement.objects.get().fields == ["given_name", "family_name"]
    assert "DSA-ICRC-1 added" in capsys.readouterr().out


def test_a_recipient_given_the_eus_uk_is_stored_as_iso_gb_and_told_so(capsys):
    # A Home Office team typed as the EU writes it must still match British
    # nationals (GB) in the country-of-origin check, so it is stored as GB.
    status = main(
        ["sharing", "recipient-add", "--name", "Home Office UKVI", "--kind"]
        + ["government", "--country", "UK"]
    )
    captured = capsys.readouterr()
    assert status == 0
    assert Recipient.objects.get().country == "GB"
    assert captured.err == "haven sharing: UK read as GB (ISO 3166-1)\n"
    assert "(government, GB)" in captured.out


def test_errors_name_each_field(capsys):
    status = main(
        ["sharing", "recipient-add", "--name", " ", "--kind", "spy", "--country", "XX"]
    )
    err = capsys.readouterr().err
    assert status == 1
    assert "haven sharing: name:" in err
    assert "haven sharing: kind:" in err
    assert "haven sharing: country:" in err
    status = main(
        [
            "sharing",
            "agreement-add",
            "--reference",
            "DSA-1",
            "--recipient",
            "Nobody",
            "--fields",
            "phone",
            "--valid-from",
            "2017-01-01",
            "--valid-until",
            "2016-01-01",
        ]
    )
    err = capsys.readouterr().err
    assert status == 1
    assert "recipient: no recipient named 'Nobody'" in err
    assert "fields: 'phone' may not be disclosed" in err
    assert "valid_until:" in err
    assert not DataSharingAgreement.objects.exists()


def test_a_reference_longer_than_its_column_is_named(capsys):
    assert (
        main(
            [
                "sharing",
                "agreement-add",
                "--reference",
                "R" * 61,
                "--recipient",
                "Nobody",
                "--fields",
                "given_name",
                "--valid-from",
                "2016-01-01",
                "--valid-until",
                "2017-01-01",
            ]
        )
        == 1
    )
    assert "reference: at most 60 characters" in capsys.readouterr().err
