"""``haven key`` through the console entry point."""

from __future__ import annotations

import json

from haven.cli.main import main


def test_key_prints_a_table_summing_exactly_to_the_total(capsys):
    status = main(
        [
            "key",
            "--key",
            "eu2015",
            "--total",
            "120000",
            "--exclude",
            "IT,GR,HU,GB,IE,DK",
        ]
    )
    out = capsys.readouterr().out
    assert status == 0
    rows = [line.split() for line in out.splitlines()[1:-1]]
    assert len(rows) == 22
    assert sum(int(row[2]) for row in rows) == 120000
    assert out.splitlines()[-1].split()[-1] == "120000"


def _key_excluding(codes: str, capsys) -> tuple[int, str, str]:
    status = main(["key", "--key", "eu2015", "--total", "120000", "--exclude", codes])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_key_reads_the_eus_uk_and_el_as_iso_gb_and_gr_and_says_so(capsys):
    """The 2015 key without the beneficiaries and opt-outs, in either spelling."""
    iso = _key_excluding("IT,GR,HU,GB,IE,DK", capsys)
    eu_uk = _key_excluding("IT,GR,HU,UK,IE,DK", capsys)
    eu_both = _key_excluding("it,EL,HU,uk,IE,DK", capsys)
    assert iso[0] == eu_uk[0] == eu_both[0] == 0
    assert iso[2] == ""
    # The same 22 states (EU-28 less six) and the same persons, to the line.
    assert eu_uk[1] == iso[1] == eu_both[1]
    states = {line.split()[0] for line in iso[1].splitlines()[1:-1]}
    assert len(states) == 22
    assert states.isdisjoint({"IT", "GR", "HU", "GB", "IE", "DK", "UK", "EL"})
    assert eu_uk[2] == "haven key: UK read as GB (ISO 3166-1)\n"
    assert eu_both[2] == (
        "haven key: EL read as GR (ISO 3166-1)\nhaven key: UK read as GB (ISO 3166-1)\n"
    )


def test_key_reads_eurostat_el_and_uk_rows_of_a_users_file_as_gr_and_gb(
    tmp_path, capsys
):
    (tmp_path / "population.csv").write_text(
        "state,population\nEL,1\nUK,3\n", encoding="utf-8"
    )
    status = main(
        ["key", "--key", "population", "--total", "8", "--data", str(tmp_path)]
        + ["--include", "GR,GB", "--json"]
    )
    assert status == 0
    payload = json.loads(capsys.readouterr().out)
    assert {row["state"]: row["persons"] for row in payload["states"]} == {
        "GB": 6,
        "GR": 2,
    }


def test_key_json_lists_each_state_share_and_persons(capsys):
    assert (
        main(
            [
                "key",
                "--key",
                "ammr",
                "--total",
                "1000",
                "--include",
                "DE,FR,PL",
                "--json",
            ]
        )
        == 0
    )
    payload = json.loads(capsys.readouterr().out)
    assert [row["state"] for row in payload["states"]] == ["DE", "FR", "PL"]
    assert sum(row["persons"] for row in payload["states"]) == 1000


def test_key_reads_the_user_population_file_from_data(tmp_path, capsys):
    (tmp_path / "population.csv").write_text("# mine\nstate,population\nAA,3\nBB,1\n")
    assert (
        main(
            [
                "key",
                "--key",
                "population",
                "--total",
                "8",
                "--data",
                str(tmp_path),
                "--json",
            ]
        )
        == 0
    )
    payload = json.loads(capsys.readouterr().out)
    assert {row["state"]: row["persons"] for row in payload["states"]} == {
        "AA": 6,
        "BB": 2,
    }


def test_key_names_file_line_and_column_of_a_bad_value(tmp_path, capsys):
    path = tmp_path / "population.csv"
    path.write_text("state,population\nAA,3\nBB,many\n")
    assert (
        main(["key", "--key", "population", "--total", "8", "--data", str(tmp_path)])
        == 2
    )
    err = capsys.readouterr().err
    assert f"{path}, line 3, column 'population'" in err
    assert "'many' is not a non-negative number" in err


def test_key_rejects_an_unknown_excluded_state(capsys):
    assert main(["key", "--total", "10", "--exclude", "XX"]) == 2
    assert "XX" in capsys.readouterr().err


def test_a_state_without_every_figure_is_named_as_left_out(tmp_path, capsys):
    (tmp_path / "population.csv").write_text("state,population\nAA,3\nBB,1\nCC,2\n")
    (tmp_path / "gdp.csv").write_text("state,gdp\nAA,30\nBB,10\n")
    argv = ["key", "--key", "ammr", "--total", "8", "--data", str(tmp_path)]
    assert main([*argv, "--json"]) == 0
    captured = capsys.readouterr()
    payload = json.loads(captured.out)
    assert [row["state"] for row in payload["states"]] == ["AA", "BB"]
    assert payload["left_out"] == [{"state": "CC", "missing": ["gdp"]}]
    assert "CC left out: no gdp figure" in captured.err
    # Named with --include, the same state is an error, not a silent omission.
    assert main([*argv, "--include", "AA,CC"]) == 2
    assert "CC" in capsys.readouterr().err
