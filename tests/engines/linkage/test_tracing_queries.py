"""Tracing queries become partial records; candidates share one probability."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from haven.engines.linkage import TraceQuery, name_tokens, phonetic_key, phonetic_keys
from haven.engines.linkage.phonetic import italian_keys
from haven.engines.linkage.records import record_features
from haven.engines.linkage.tracing import _posterior, query_record

AS_OF = date(2016, 10, 1)
SEEKER = {
    "record_id": "s1",
    "given_name": "Sami",
    "father_name": "Yusuf",
    "grandfather_name": "Hassan",
}


@pytest.mark.parametrize(
    ("relation", "remembered", "expected"),
    [
        ("uncle", "Ahmed", ("ahmed", "Hassan", "")),
        ("uncle", "Ahmed Mohammed", ("ahmed", "mohammed", "")),
        ("uncle_aunt", "Ahmed", ("ahmed", "Hassan", "")),
        ("brother", "Omar", ("omar", "Yusuf", "Hassan")),
        ("father", "", ("Yusuf", "Hassan", "")),
        ("cousin", "Adam Ali", ("adam", "ali", "Hassan")),
        ("mother", "Fatima", ("fatima", "", "")),
    ],
)
def test_patronymic_structure_fills_the_names_not_remembered(
    relation, remembered, expected
):
    """The seeker's names say what a relative's father and grandfather are."""
    query = TraceQuery("q", remembered, relation=relation, seeker=SEEKER)
    record = query_record(query, as_of=AS_OF)
    assert (
        record["given_name"],
        record["father_name"],
        record["grandfather_name"],
    ) == expected


def test_age_sex_and_place_come_from_the_query():
    """An age becomes an imprecise birth year; the relation gives the sex."""
    query = TraceQuery(
        "q", "Ahmed", relation="sister", approx_age=40, last_known_city="Leeds"
    )
    record = query_record(query, as_of=AS_OF)
    assert record["dob"] == "1976"
    assert record["dob_precision"] == "age"
    assert record["sex"] == "F"
    assert record["city"] == "Leeds"
    assert query_record(TraceQuery("q", "x"), as_of=AS_OF)["dob"] == ""


def test_candidates_and_absence_share_one_probability():
    """Candidate probabilities and the absence probability sum to one."""
    probabilities, absent = _posterior([1000.0, 10.0], registry_size=100, presence=0.5)
    assert sum(probabilities) + absent == pytest.approx(1.0)
    assert probabilities[0] > probabilities[1]
    assert _posterior([], registry_size=100, presence=0.5) == ([], 1.0)


def test_evidence_must_beat_the_registry_size():
    """The same evidence is less conclusive in a bigger registry."""
    small, _ = _posterior([1000.0], registry_size=100, presence=0.5)
    large, _ = _posterior([1000.0], registry_size=100_000, presence=0.5)
    assert small[0] > 0.9 > 0.1 > large[0]


def test_an_empty_registry_answers_no_match():
    """Without records every query is a "no match", certainly absent."""
    from haven.engines.linkage import trace_relatives

    (result,) = trace_relatives([TraceQuery("q", "Ahmed")], [], as_of=AS_OF)
    assert result.no_match is True
    assert result.probability_absent == 1.0
    assert trace_relatives([], [], as_of=AS_OF) == ()


def test_query_ids_must_be_unique():
    """Two queries with one id are refused."""
    from haven.engines.linkage import InvalidRecordsError, trace_relatives

    with pytest.raises(InvalidRecordsError):
        trace_relatives([TraceQuery("q", "a"), TraceQuery("q", "b")], [], as_of=AS_OF)


def test_a_compound_written_apart_meets_it_written_together():
    """'Hamid Gul' remembered is also read as the one name 'Hamidgul'."""
    from haven.engines.linkage.tracing import query_features

    row = query_features(TraceQuery("q", "Hamid Gul Waheed"), as_of=AS_OF)
    hamidgul = record_features({"record_id": "r", "given_name": "Hamidgul"})
    assert row["given_n"] == "hamid"
    assert hamidgul["given_k"] in row["given_keys"]


def test_structural_names_are_readings_even_when_something_else_is_remembered():
    """A father's given name is the seeker's father name, whatever was recalled."""
    from haven.engines.linkage.tracing import query_features

    query = TraceQuery("q", "Sedih Basciro", relation="father", seeker=SEEKER)
    row = query_features(query, as_of=AS_OF)
    assert row["given_n"] == "sedih"
    assert phonetic_key("Yusuf") in row["given_keys"]
    assert phonetic_key("Hassan") in row["father_keys"]
    assert phonetic_key("Hassan") in row["name_keys"]


def test_the_seekers_place_of_origin_is_the_relatives_likely_one():
    """Relatives come from the seeker's town more often than strangers do."""
    seeker = dict(SEEKER, place_of_origin="Mekelle")
    record = query_record(TraceQuery("q", "Ahmed", seeker=seeker), as_of=AS_OF)
    assert record["place_of_origin"] == "Mekelle"
    near = record_features({"record_id": "r", "place_of_origin": "Mekele"})
    assert record_features(record)["origin_c"] == near["origin_c"]


@given(st.text(alphabet="abcdeghilmnorsu", min_size=1, max_size=12))
def test_an_italian_reading_never_replaces_the_preferred_key(word):
    """Search keys stay as they were: the Italian reading is only an extra one."""
    row = record_features({"record_id": "r", "given_name": word})
    tokens = name_tokens(word)
    keys = phonetic_keys("".join(tokens))
    assert row["given_k"] == (keys[0] if keys else None)
    for token in tokens:
        for key in italian_keys(token):
            assert key in (row["given_keys"] or [])


def test_italian_spellings_meet_english_ones():
    """Basciro is Bashir and Giafar is Jafar, read as an Italian clerk wrote them."""
    assert set(italian_keys("Basciro")) & set(phonetic_keys("Bashiro"))
    assert set(italian_keys("Giafar")) & set(phonetic_keys("Jafar"))
    assert italian_keys("Ahmed") == ()
