"""Registry records become ASCII comparison features."""

import pytest

from haven.engines.linkage import InvalidRecordsError
from haven.engines.linkage.records import record_features, unique_features


def test_names_become_tokens_keys_and_readings():
    """Each name field has canonical tokens, a preferred key and all readings."""
    row = record_features(
        {"record_id": "r1", "given_name": "Abdul Rahman", "father_name": "Yusuf"}
    )
    assert row["given_n"] == "abdurrahman"
    assert row["given_k"] == "abdrhmn"
    assert row["father_keys"] == ["ysf"]
    assert row["grandfather_k"] is None
    assert row["name_keys"] == ["abdrhmn", "ysf"]


def test_native_script_adds_readings_by_position():
    """The name in its own script adds keys to given, father and grandfather."""
    row = record_features(
        {"record_id": "r1", "given_name": "Samir", "name_native": "سمير حسين علي"}
    )
    assert row["given_keys"] == ["smr", "smyr"]
    assert row["father_k"] == "hsyn"
    assert row["father_n"] is None
    assert row["grandfather_keys"] == ["al"]


def test_compound_names_written_apart_share_the_field_key():
    """'Ali Jan' and 'Alijan' have the same field key."""
    apart = record_features({"record_id": "a", "given_name": "Ali Jan"})
    joined = record_features({"record_id": "b", "given_name": "Alijan"})
    assert apart["given_k"] == joined["given_k"]


@pytest.mark.parametrize(
    ("dob", "precision", "expected"),
    [
        ("2001-05-17", "exact", ("2001-05-17", 2001, True)),
        ("2001-01-01", "exact", ("2001-01-01", 2001, False)),
        ("2001-05-17", "estimated", ("2001-05-17", 2001, False)),
        ("2001", "", ("2001-01-01", 2001, False)),
        ("2001-02-30", "exact", (None, None, False)),
        ("", "", (None, None, False)),
        ("unknown", "", (None, None, False)),
    ],
)
def test_dates_of_birth_know_when_they_are_real(dob, precision, expected):
    """Only a declared day other than 1 January counts as an exact date."""
    row = record_features({"record_id": "r", "dob": dob, "dob_precision": precision})
    assert (row["dob"], row["dob_year"], row["dob_exact"]) == expected


def test_other_fields_are_normalised():
    """Sex, nationality, places and phones are brought to one form."""
    row = record_features(
        {
            "record_id": "r",
            "sex": "Female",
            "nationality": "er",
            "place_of_origin": "Asmära",
            "city": "Birmingham ",
            "phone": "+44 7700 900 172",
        }
    )
    assert row["sex"] == "F"
    assert row["nationality"] == "ER"
    assert row["origin_n"] == "asmara"
    assert row["city_n"] == "birmingham"
    assert row["phone_n"] == "700900172"
    assert record_features({"record_id": "r", "phone": "123"})["phone_n"] is None
    assert record_features({"record_id": "r", "sex": "?"})["sex"] is None


def test_records_need_unique_ids():
    """A missing or repeated record id is an error with a code."""
    with pytest.raises(InvalidRecordsError) as missing:
        record_features({"record_id": " "})
    assert missing.value.code == "missing_record_id"
    with pytest.raises(InvalidRecordsError) as repeated:
        list(unique_features([{"record_id": "a"}, {"record_id": "a"}]))
    assert repeated.value.code == "duplicate_record_id"
    assert repeated.value.params == {"record_id": "a"}


def test_names_move_up_over_empty_fields():
    """A father's name entered as the family name is compared as the father's."""
    shifted = record_features(
        {"record_id": "a", "given_name": "Mekdes", "family_name": "Habtemichael"}
    )
    assert shifted["father_n"] == "habtemichael"
    assert shifted["family_n"] is None


def test_query_positions_stay_where_they_are():
    """A tracing query's empty father field is deliberate and kept."""
    row = record_features(
        {"record_id": "q", "given_name": "Ahmed", "grandfather_name": "Hassan"},
        close_gaps=False,
    )
    assert row["father_n"] is None
    assert row["grandfather_n"] == "hassan"


@pytest.mark.parametrize(
    ("one", "other"),
    [("Parwiz", "Parviz"), ("Filmon", "Filemon"), ("Ebrahim", "Brahim")],
)
def test_coarse_keys_join_spellings_the_fine_key_splits(one, other):
    """The coarse key reads w as f and ignores guessed vowels."""
    a = record_features({"record_id": "a", "given_name": one})
    b = record_features({"record_id": "b", "given_name": other})
    assert a["given_k"] != b["given_k"]
    assert a["given_c"] == b["given_c"]
