"""Every legal scenario under responsibility/ runs through the engine and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from haven.cli.main import main
from haven.engines.responsibility import determine

SCENARIOS = sorted((Path(__file__).parent / "responsibility").glob("*.json"))


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_there_are_at_least_a_hundred_scenarios_each_naming_its_article_and_source():
    """The scenario set is large enough and every case says what it checks."""
    assert len(SCENARIOS) >= 100
    for path in SCENARIOS:
        checks = _load(path)["checks"]
        assert checks["article"], path.name
        assert checks["source"].startswith("responsibility-rules.md"), path.name


@pytest.mark.parametrize("path", SCENARIOS, ids=[path.stem for path in SCENARIOS])
def test_scenario_gives_the_expected_state_article_and_deadlines(path):
    """The engine's state, article, deadlines, eligibility and flags match the case."""
    case = _load(path)
    expected = case["expected"]
    result = determine(case["facts"]).to_json()
    assert result["responsible_state"] == expected["responsible_state"]
    assert result["article"] == expected["article"]
    for name, due in expected["deadlines"].items():
        assert name in result["deadlines"], f"missing deadline {name}"
        assert result["deadlines"][name]["date"] == due, name
    if "regime" in expected:
        assert result["regime"] == expected["regime"]
    if "eligible" in expected:
        assert result["eligible"] is expected["eligible"]
    if "needs_information" in expected:
        assert bool(result["needs_information"]) is expected["needs_information"]
    codes = {flag["code"] for flag in result["flags"]}
    for code in expected.get("flags", ()):
        assert code in codes, f"missing flag {code}"


CLI_CASES = [
    "irregular_entry_into_italy_makes_italy_responsible",
    "silence_for_two_months_is_acceptance",
    "ammr_reverses_ma_to_the_first_registration",
]


@pytest.mark.parametrize("name", CLI_CASES)
def test_scenario_run_through_the_cli_prints_the_same_answer(name, tmp_path, capsys):
    """``haven determine`` prints the engine's JSON and exits with status 0."""
    case = _load(Path(__file__).parent / "responsibility" / f"{name}.json")
    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps(case["facts"]), encoding="utf-8")
    status = main(["determine", str(facts)])
    printed = json.loads(capsys.readouterr().out)
    assert status == 0
    assert printed["responsible_state"] == case["expected"]["responsible_state"]
    assert printed["article"] == case["expected"]["article"]


def test_scenarios_as_a_batch_through_the_cli_answer_every_case(tmp_path, capsys):
    """A batch of all scenarios is answered case by case with exit status 0."""
    facts = tmp_path / "batch.json"
    facts.write_text(json.dumps([_load(path)["facts"] for path in SCENARIOS]))
    status = main(["determine", str(facts)])
    printed = json.loads(capsys.readouterr().out)
    assert status == 0
    assert [item["index"] for item in printed] == list(range(len(SCENARIOS)))
