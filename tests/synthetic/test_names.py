"""Names: lexicons, native scripts, frequencies and twins."""

from __future__ import annotations

from collections import Counter

import pytest

from haven.synthetic.populations import POPULATIONS, pools

ARABIC_BLOCKS = ((0x0600, 0x06FF), (0x0750, 0x077F), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))
ETHIOPIC_BLOCKS = ((0x1200, 0x137F), (0x1380, 0x139F), (0x2D80, 0x2DDF))
SCRIPT_OF = {
    "SD": "arabic",
    "SY": "arabic",
    "IQ": "arabic",
    "AF": "arabic",
    "ER": "geez",
    "ET": "geez",
    "SO": "latin",
}


def in_blocks(text: str, blocks) -> bool:
    return all(
        ch == " " or ch == "\u200c" or any(lo <= ord(ch) <= hi for lo, hi in blocks)
        for ch in text
    )


def full_name(person) -> tuple[str, str, str, str]:
    n = person.name
    return (n.given_name, n.father_name, n.grandfather_name, n.family_name)


def test_native_scripts_are_in_the_right_unicode_blocks(calais):
    for person in calais.people:
        native = person.name.native_script
        script = SCRIPT_OF[person.nationality]
        if script == "arabic":
            assert native
            assert in_blocks(native, ARABIC_BLOCKS), native
        elif script == "geez":
            assert native
            assert in_blocks(native, ETHIOPIC_BLOCKS), native
        else:
            assert native == ""


def test_registrations_carry_native_script_only_as_the_person_writes_it(calais):
    natives = {p.person_key: p.name.native_script for p in calais.people}
    written = [r for r in calais.registrations if r.name.native_script]
    assert written
    for registration in written:
        assert registration.name.native_script == natives[registration.person_key]


def test_relatives_abroad_are_written_in_native_script_a_quarter_of_the_time(calais):
    declared = [
        r
        for r in calais.registrations
        if r.source == "relative_declared" and r.nationality != "SO"
    ]
    share = sum(1 for r in declared if r.name.native_script) / len(declared)
    assert 0.2 <= share <= 0.4


def test_fewer_than_a_fifth_of_people_share_their_exact_name(calais):
    names = Counter(full_name(p) for p in calais.people)
    twins = sum(1 for p in calais.people if names[full_name(p)] > 1)
    assert twins / len(calais.people) <= 0.20


def test_muhammad_is_five_to_eight_percent_of_male_names_in_muslim_groups(calais):
    muslim = {"SD", "SY", "IQ", "AF", "SO"}
    men = [p for p in calais.people if p.sex == "M" and p.nationality in muslim]
    forms = {"Mohammed", "Mohammad", "Mohamed", "Muhammad"}
    share = sum(1 for p in men if p.name.given_name in forms) / len(men)
    assert 0.05 <= share <= 0.08


@pytest.mark.parametrize("population", POPULATIONS, ids=lambda p: p.code)
def test_every_lexicon_entry_has_a_spelling_and_its_script(population):
    name_pools = pools(population.code)
    for pool in (
        name_pools.male,
        name_pools.female,
        name_pools.family,
        name_pools.compound,
    ):
        if pool is None:
            continue
        assert len({e.latin for e in pool.entries}) == len(pool.entries)
        for entry in pool.entries:
            assert entry.latin
            assert entry.latin.strip() == entry.latin
            if population.script == "latin":
                assert entry.native == ""
            else:
                assert entry.native


def test_the_name_pools_have_a_long_tail():
    for population in POPULATIONS:
        assert len(pools(population.code).male.entries) >= 50
