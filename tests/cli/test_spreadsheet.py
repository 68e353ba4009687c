"""The separator and header reading shared by every registry file reader."""

from __future__ import annotations

import doctest

import pytest

from haven import spreadsheet
from haven.spreadsheet import column_name, delimiter_of

COLUMNS = {"record_id", "given_name", "family_name", "dob"}


@pytest.mark.parametrize("separator", [",", ";", "\t", "|"])
def test_the_separator_that_names_the_columns_is_chosen(separator):
    header = separator.join([" Record_ID", "GIVEN_NAME ", "family_name", "dob"])
    assert delimiter_of(header, COLUMNS) == separator


def test_a_comma_inside_no_column_does_not_beat_semicolons():
    assert delimiter_of("record_id;given_name;notes, free text", COLUMNS) == ";"


def test_a_header_without_known_columns_is_read_as_commas():
    assert delimiter_of("shoe_size;hat_size", COLUMNS) == ","
    assert column_name("  Given_Name ") == "given_name"


def test_module_examples_hold():
    assert doctest.testmod(spreadsheet).failed == 0
