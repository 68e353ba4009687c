"""State codes: ISO 3166-1 alpha-2 stored, the EU's own codes read as aliases."""

from __future__ import annotations

import doctest

import pytest

from haven.engines.kernel import (
    STATE_CODE_ALIASES,
    normalise_state_code,
    state_code_notes,
    states,
)


def test_the_eus_two_own_codes_are_the_only_aliases():
    # EU interinstitutional style guide, 7.1: Greece is EL and the United Kingdom UK,
    # where ISO 3166-1 alpha-2 has GR and GB. Every other member state's code is ISO's.
    assert dict(STATE_CODE_ALIASES) == {"EL": "GR", "UK": "GB"}


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("UK", "GB"), ("uk", "GB"), (" EL ", "GR"), ("el", "GR"), ("gb", "GB")],
)
def test_an_eu_code_or_any_case_reads_as_the_iso_code(typed, stored):
    assert normalise_state_code(typed) == stored


def test_a_code_that_is_no_alias_is_only_trimmed_and_upper_cased():
    # Whether XX is a state is the caller's question.
    assert normalise_state_code(" de") == "DE"
    assert normalise_state_code("xx") == "XX"


def test_each_alias_typed_gets_one_note_and_iso_codes_none():
    assert state_code_notes(["GB", "GR", "DE"]) == ()
    assert state_code_notes(["uk", "UK", "IT"]) == ("UK read as GB (ISO 3166-1)",)
    assert state_code_notes(["UK", "EL"]) == (
        "EL read as GR (ISO 3166-1)",
        "UK read as GB (ISO 3166-1)",
    )


def test_docstring_examples_hold():
    failures, tried = doctest.testmod(states)
    assert (failures, tried > 0) == (0, True)
