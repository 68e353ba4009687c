"""Clerk styles and spelling noise."""

from __future__ import annotations

from datetime import date
from random import Random

from hypothesis import given
from hypothesis import strategies as st

from haven.synthetic.names.lexicon import NameEntry
from haven.synthetic.registrations import noisy_dob, split_or_merge
from haven.synthetic.spelling import RULES, STYLE_RULES, Speller

ENTRY = NameEntry("Yousif", "يوسف", "M", ("Yusuf", "Yousef", "Youssef"))
SOMALI = NameEntry("Hussein", "", "M", ("Hussen",), somali="Xuseen")


def test_compound_names_split_and_merge_at_their_seam():
    rng = Random(1)
    assert split_or_merge("Zabihullah", rng) == "Zabih Ullah"
    assert split_or_merge("Gebremedhin", rng) == "Gebre Medhin"
    assert split_or_merge("Abdelrahman", rng) == "Abdel Rahman"
    assert split_or_merge("Abdul Rahman", Random(3)) in ("Abdulrahman", "Abdul-rahman")


def test_a_dev_speller_never_writes_somali_orthography():
    rng = Random(4)
    dev = Speller("so", test_rules=False)
    assert all("x" not in dev.spell(SOMALI, rng).lower() for _ in range(300))


def test_a_test_speller_writes_somali_orthography_for_somali_names():
    rng = Random(4)
    test = Speller("so", test_rules=True)
    assert any(test.spell(SOMALI, rng) == "Xuseen" for _ in range(50))


def test_test_only_rules_are_split_from_the_train_visible_ones():
    names = {rule.name for rule in RULES if rule.test_only}
    assert {"x>h", "j>dj", "ou>u"} <= names
    dev_rules = Speller("fr", test_rules=False).rules()
    assert not any(rule.test_only for rule in dev_rules)
    assert any(rule.test_only for rule, _ in STYLE_RULES["fr"])


def test_french_clerks_write_ch_for_sh():
    rng = Random(2)
    entry = NameEntry("Rashid", "رشيد", "M")
    spelled = [Speller("fr", test_rules=False).spell(entry, rng) for _ in range(200)]
    assert sum("ch" in s for s in spelled) > 100


@given(seed=st.integers(0, 2**32), style=st.sampled_from(["en", "fr", "it", "so"]))
def test_a_spelling_is_never_empty(seed, style):
    rng = Random(seed)
    assert Speller(style, test_rules=True).spell(ENTRY, rng).strip()


def test_date_of_birth_noise_follows_the_table():
    rng = Random(7)
    truth = date(2001, 5, 17)
    outcomes = [noisy_dob(rng, truth, "exact") for _ in range(20_000)]
    exact = sum(1 for d, _ in outcomes if d == truth) / len(outcomes)
    missing = sum(1 for d, _ in outcomes if d is None) / len(outcomes)
    first_of_january = sum(1 for d, _ in outcomes if d and (d.month, d.day) == (1, 1))
    assert 0.43 <= exact <= 0.50
    assert 0.08 <= missing <= 0.12
    assert 0.27 <= first_of_january / len(outcomes) <= 0.33
