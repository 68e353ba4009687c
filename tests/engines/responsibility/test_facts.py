"""Malformed facts are rejected once, each error naming its JSON path."""

from __future__ import annotations

import json
from datetime import date

import pytest

from haven.cli.main import main
from haven.engines.responsibility import (
    InvalidFactsError,
    determine,
    facts_hash,
    json_schema,
    parse_facts,
)
from haven.engines.responsibility.schema import SHAPES

GOOD = {
    "determination_date": "2016-11-02",
    "applicant": {"date_of_birth": "1990-01-01", "unaccompanied": False},
    "applications": [{"state": "FR", "date": "2016-10-24"}],
}


def _errors(data) -> list[str]:
    with pytest.raises(InvalidFactsError) as caught:
        parse_facts(data)
    assert caught.value.code == "invalid_facts"
    return caught.value.messages()


def test_unknown_relation_names_its_path_and_the_choices():
    """An unknown enum value names the path and lists what is expected."""
    data = dict(GOOD, family_members=[{"relation": "brother-in-law", "state": "DE"}])
    (message,) = _errors(data)
    assert message.startswith(
        "$.family_members[0].relation: unknown value 'brother-in-law'; expected one of"
    )
    assert "sibling" in message


def test_every_error_is_collected_before_raising():
    """Bad dates, unknown states, wrong types and unknown fields come together."""
    data = {
        "applicant": {"date_of_birth": "1990-02-30", "married": "yes", "hair": "red"},
        "applications": [{"state": "XX", "date": "24/10/2016"}],
        "stays": "none",
    }
    messages = _errors(data)
    paths = [message.split(":")[0] for message in messages]
    assert paths == [
        "$.applicant.date_of_birth",
        "$.applicant.married",
        "$.applicant.hair",
        "$.applications[0].state",
        "$.applications[0].date",
        "$.stays",
    ]
    assert "unknown state code 'XX'" in messages[3]


def test_the_eus_uk_and_el_are_refused_in_facts_with_the_iso_code_named():
    """Facts hold ISO 3166-1 codes only, so equal facts hash equal; UK and EL are the
    EU's codes, reserved but unassigned in ISO 3166-1, and the error names GB and GR."""
    data = dict(
        GOOD,
        applicant={"date_of_birth": "1990-01-01", "nationality": "UK"},
        applications=[{"state": "EL", "date": "2016-10-24"}],
    )
    assert _errors(data) == [
        "$.applicant.nationality: expected an ISO 3166-1 alpha-2 code or 'stateless', "
        "got 'UK' (the EU's UK is GB in ISO 3166-1)",
        "$.applications[0].state: unknown state code 'EL'; expected an ISO 3166-1 "
        "alpha-2 code of an EU or EEA state, CH or GB "
        "(the EU's EL is GR in ISO 3166-1)",
    ]


def test_missing_required_field_is_named():
    """A required field that is absent is an error at its path."""
    assert _errors({"applications": []}) == ["$.applicant: required field is missing"]


def test_integer_where_a_boolean_belongs_is_a_wrong_type():
    """Types are checked strictly: 1 is not true."""
    data = dict(GOOD, applicant={"unaccompanied": 1})
    assert _errors(data) == ["$.applicant.unaccompanied: expected true or false, got 1"]


def test_state_not_bound_by_the_regime_is_rejected():
    """An application in the UK after 2020 is not a Dublin III application."""
    data = dict(GOOD, applications=[{"state": "GB", "date": "2021-03-01"}])
    with pytest.raises(InvalidFactsError) as caught:
        determine(data)
    assert caught.value.messages()[0].startswith("$.applications[0].state: 'GB'")


def test_missing_determination_date_is_an_error_unless_passed_in():
    """The engine never reads the clock; without a date it refuses."""
    data = {key: value for key, value in GOOD.items() if key != "determination_date"}
    with pytest.raises(InvalidFactsError):
        determine(data)
    assert determine(data, today=date(2016, 11, 2)).responsible_state == "FR"


def test_schema_file_names_the_same_fields_as_the_parser():
    """facts.schema.json and the parser's table describe the same properties."""
    schema = json_schema()
    definitions = {"facts": schema, **schema["$defs"]}
    for shape in SHAPES:
        properties = definitions[shape.name]["properties"]
        assert set(properties) == set(shape.fields), shape.name
        required = {name for name, spec in shape.fields.items() if spec.required}
        assert set(definitions[shape.name]["required"]) == required, shape.name
        for name, spec in shape.fields.items():
            if spec.kind == "enum":
                assert properties[name]["enum"] == list(spec.choices), name


def test_facts_hash_ignores_key_order_and_whitespace():
    """The hash depends on content only."""
    text = json.dumps(GOOD, indent=4)
    shuffled = dict(reversed(list(GOOD.items())))
    assert facts_hash(text) == facts_hash(shuffled)
    assert facts_hash(GOOD) != facts_hash(dict(GOOD, case_id="x"))


def test_batch_with_bad_cases_still_answers_the_good_ones(tmp_path, capsys):
    """Each case in a batch is answered or rejected on its own; exit status 1."""
    bad = dict(GOOD, applicant={"date_of_birth": "yesterday"})
    path = tmp_path / "batch.json"
    path.write_text(json.dumps([GOOD, bad, GOOD]))
    status = main(["determine", str(path)])
    printed = json.loads(capsys.readouterr().out)
    assert status == 1
    assert printed[0]["responsible_state"] == "FR"
    assert printed[1] == {
        "index": 1,
        "errors": [
            "$.applicant.date_of_birth: expected a date (YYYY-MM-DD), got 'yesterday'"
        ],
    }
    assert printed[2]["index"] == 2


def test_unreadable_file_exits_with_status_2(tmp_path, capsys):
    """A file that is not JSON gives exit status 2 and a message on stderr."""
    path = tmp_path / "broken.json"
    path.write_text("{not json")
    assert main(["determine", str(path)]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_explain_prints_readable_text(tmp_path, capsys):
    """--explain prints the state, its article and the reasons."""
    path = tmp_path / "one.json"
    path.write_text(json.dumps(GOOD))
    assert main(["determine", "--explain", str(path)]) == 0
    text = capsys.readouterr().out
    assert "Responsible state: FR under Dublin III Art 3(2) first subparagraph" in text
    assert "Dublin III Art 13(1): not applied" in text
