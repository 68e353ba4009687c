"""Cells a spreadsheet would run as formulas, or that hide one, are defused."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from haven.apps.exports.cells import safe_cell, table_csv


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+44", "'+44"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=cmd", "'=cmd"),
        ("\r=cmd", "'\n=cmd"),
        ("\0=cmd", "'=cmd"),
        ("\u200b=cmd", "'\u200b=cmd"),
        ("\u202e=cmd", "'\u202e=cmd"),
        (" =cmd", "' =cmd"),
        ("\uff1dcmd", "'\uff1dcmd"),
        ("a\x07b\x1bc", "abc"),
        ("line one\r\nline two", "line one\nline two"),
        ("Kent", "Kent"),
        ("حلب", "حلب"),
        ("", ""),
        (-2, "-2"),
        (Decimal("-1.50"), "-1.50"),
        (True, "True"),
        (None, ""),
    ],
)
def test_a_cell_that_is_or_hides_a_formula_is_quoted(value, expected):
    assert safe_cell(value) == expected


def test_a_table_is_csv_with_every_cell_defused():
    body = table_csv([["name", "note"], ["=HYPERLINK(1)", "ok, fine"]])
    rows = list(csv.reader(io.StringIO(body.decode("utf-8"))))
    assert rows == [["name", "note"], ["'=HYPERLINK(1)", "ok, fine"]]
    assert body.endswith(b"\r\n")
