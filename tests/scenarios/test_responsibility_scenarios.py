"""Every legal scenario under responsibility/ runs through the engine and the CLI."""

from __future__ import annotations

import json
import re
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


_S67 = "Immigration Act 2016 s.67"
_RANGE = re.compile(r"^(?P<head>.+ Art \d+)\((?P<first>\d+)\)-\((?P<last>\d+)\)$")


def _cited_items(article: str) -> list[str]:
    """
    Split a scenario's cited article into provisions, each with its instrument.

    "Dublin III Art 7(2); Art 13(1)" gives both with "Dublin III"; a range
    "Art 24(2)-(3)" gives each paragraph.
    """
    items: list[str] = []
    instrument = ""
    for part in (item.strip() for item in article.split(";")):
        if part.startswith("Art "):
            part = f"{instrument} {part}"
        else:
            instrument = part.split(" Art ")[0]
        match = _RANGE.match(part)
        if match:
            first, last = int(match["first"]), int(match["last"])
            items += [f"{match['head']}({n})" for n in range(first, last + 1)]
        else:
            items.append(part)
    return items


def _names(shown: str, cited: str) -> bool:
    """Return whether the output citation ``shown`` is the ``cited`` provision."""
    return shown == cited or (shown.startswith(cited) and shown[len(cited)] in " (")


def _assert_cited_article_appears(case: dict, result: dict) -> None:
    """
    Check that the provision the scenario cites is in the engine's output.

    It must be the result's article, the rule of one of its reasons, or the rule of
    a deadline the scenario checks; "regime X" checks the regime, and an s.67
    criterion key (C1, E4) must be among the criteria assessed.
    """
    article = case["checks"]["article"]
    if article.startswith("regime "):
        assert result["regime"] == article.removeprefix("regime "), article
        return
    if article.startswith(_S67):
        assert any(r["rule"] == _S67 for r in result["reasons"]), article
        keys = {item["key"] for item in result.get("criteria", ())}
        rest = article.removeprefix(_S67).strip()
        if rest.startswith("(") and rest.endswith(" policy)"):
            assert rest[1:5] in (result.get("criteria_version") or ""), article
            return
        for part in re.findall(r"[CE]\d(?:-[CE]\d)?", rest):
            first, _, last = part.partition("-")
            wanted = (
                [first]
                if not last
                else [f"{first[0]}{n}" for n in range(int(first[1]), int(last[1]) + 1)]
            )
            for key in wanted:
                assert key in keys, f"criterion {key} not assessed"
        return
    shown = [
        result["article"] or "",
        *(reason["rule"] for reason in result["reasons"]),
        *(
            result["deadlines"][name]["rule"]
            for name in case["expected"]["deadlines"]
            if name in result["deadlines"]
        ),
    ]
    for cited in _cited_items(article):
        assert any(_names(item, cited) for item in shown), (
            f"{cited} is cited but not in the engine's output"
        )


def _assert_reasons(expected: dict, result: dict) -> None:
    """
    Check the reasons that decide the case.

    The result's article must be the rule of an applied reason naming the responsible
    state, and each reason the scenario lists must be in the output: its rule and
    outcome, and where given its state and words from its facts.
    """
    reasons = result["reasons"]
    if result["responsible_state"] is not None:
        assert any(
            reason["rule"] == result["article"]
            and reason["outcome"] == "applied"
            and reason["state"] == result["responsible_state"]
            for reason in reasons
        ), "no applied reason gives the article and the state"
    for want in expected.get("reasons", ()):
        found = [
            reason
            for reason in reasons
            if reason["rule"] == want["rule"]
            and reason["outcome"] == want["outcome"]
            and ("state" not in want or reason["state"] == want["state"])
            and all(
                any(words in fact for fact in reason["facts"])
                for words in want.get("facts_include", ())
            )
        ]
        assert found, f"missing reason {want}"


@pytest.mark.parametrize("path", SCENARIOS, ids=[path.stem for path in SCENARIOS])
def test_scenario_gives_the_expected_state_article_and_deadlines(path):
    """The engine's state, article, deadlines, reasons and flags match the case."""
    case = _load(path)
    expected = case["expected"]
    result = determine(case["facts"]).to_json()
    _assert_cited_article_appears(case, result)
    _assert_reasons(expected, result)
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
    for words in expected.get("needs_include", ()):
        assert any(words in item for item in result["needs_information"]), words
    for words in expected.get("flag_messages", ()):
        assert any(words in flag["message"] for flag in result["flags"]), words
    if "acceptance" in expected:
        assert result["acceptance"] is not None, "no acceptance in the result"
        for key, value in expected["acceptance"].items():
            assert result["acceptance"][key] == value, key
    limits = {item["name"]: item for item in result["limits"]}
    for name, want in expected.get("limits", {}).items():
        assert name in limits, f"missing limit {name}"
        for key, value in want.items():
            assert limits[name][key] == value, f"{name}.{key}"


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


def test_cited_articles_are_split_with_their_instrument_and_ranges():
    """ "Art 7(2); Art 13(1)" keeps the instrument; "24(2)-(3)" names both."""
    assert _cited_items("Dublin III Art 7(2); Art 13(1)") == [
        "Dublin III Art 7(2)",
        "Dublin III Art 13(1)",
    ]
    assert _cited_items("Dublin III Art 24(2)-(3)") == [
        "Dublin III Art 24(2)",
        "Dublin III Art 24(3)",
    ]


def test_a_cited_article_missing_from_the_output_fails_the_scenario():
    """The check fails when the cited provision is nowhere in the result."""
    case = _load(SCENARIOS[0])
    result = determine(case["facts"]).to_json()
    case = {**case, "checks": {**case["checks"], "article": "Dublin III Art 99(9)"}}
    with pytest.raises(AssertionError, match="Art 99"):
        _assert_cited_article_appears(case, result)
    # A more specific provision in the output names the cited one, not a longer number.
    assert _names("Dublin III Art 12(4) first subparagraph", "Dublin III Art 12(4)")
    assert not _names("Dublin III Art 13(1)", "Dublin III Art 1")
