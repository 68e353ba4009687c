"""The sealed export: opens with its passphrase only, and refuses any change."""

from __future__ import annotations

import re

import pytest

from haven.apps.exports.container import (
    HEADER_BYTES,
    MAGIC,
    ExportContainerError,
    new_passphrase,
    open_export,
    seal_export,
)

DATA = "scheme,pledger\r\nDubs,Kent – قسم\r\n".encode()


def test_a_sealed_export_opens_with_its_passphrase_however_it_is_typed():
    passphrase = new_passphrase()
    sealed = seal_export(DATA, passphrase)
    assert sealed.startswith(MAGIC)
    assert DATA not in sealed
    assert open_export(sealed, passphrase) == DATA
    typed = passphrase.lower().replace("-", " ")
    assert open_export(sealed, typed) == DATA


def test_passphrases_are_long_random_and_readable():
    phrases = {new_passphrase() for _ in range(50)}
    assert len(phrases) == 50
    for phrase in phrases:
        assert re.fullmatch(r"[A-Z2-7]{4}(-[A-Z2-7]{4}){7}", phrase)


def test_the_same_file_seals_differently_each_time():
    passphrase = new_passphrase()
    assert seal_export(DATA, passphrase) != seal_export(DATA, passphrase)


def test_a_wrong_passphrase_is_refused():
    sealed = seal_export(DATA, new_passphrase())
    with pytest.raises(ExportContainerError, match="passphrase is wrong"):
        open_export(sealed, new_passphrase())


@pytest.mark.parametrize("position", [8, 11, HEADER_BYTES - 1, HEADER_BYTES, -1])
def test_a_changed_byte_anywhere_is_refused(position):
    passphrase = new_passphrase()
    sealed = bytearray(seal_export(DATA, passphrase))
    sealed[position] ^= 0x01
    with pytest.raises(ExportContainerError):
        open_export(bytes(sealed), passphrase)


def test_a_file_cut_short_or_not_an_export_is_refused():
    passphrase = new_passphrase()
    sealed = seal_export(DATA, passphrase)
    with pytest.raises(ExportContainerError):
        open_export(sealed[:-1], passphrase)
    with pytest.raises(ExportContainerError, match="not a sealed haven export"):
        open_export(DATA, passphrase)


def test_a_crafted_cost_is_refused_before_any_work():
    passphrase = new_passphrase()
    sealed = bytearray(seal_export(DATA, passphrase))
    sealed[8] = 30  # n = 2**30: gigabytes of memory
    with pytest.raises(ExportContainerError, match="out of range"):
        open_export(bytes(sealed), passphrase)


def test_an_empty_passphrase_seals_nothing():
    with pytest.raises(ValueError, match="passphrase"):
        seal_export(DATA, " - ")
