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
            "IT,GR,HU,UK,IE,DK",
        ]
    )
    out = capsys.readouterr().out
    assert status == 0
    rows = [line.split() for line in out.splitlines()[1:-1]]
    assert len(rows) == 22
    assert sum(int(row[2]) for row in rows) == 120000
    assert out.splitlines()[-1].split()[-1] == "120000"


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
