"""``haven allocate`` through the console entry point."""

from __future__ import annotations

import csv

import pytest

from haven.cli.main import main

FAMILIES = """\
family_id,size,language,school_children,medical_needs,relatives,ranking,integration
f1,3,ar,1,0,B,B;A,A=0.2;B=0.9
f2,2,ar,0,1,,A,
f3,9,ar,0,0,,,
"""
PLACES = """\
place_id,area,beds,large_family_units,school_places,medical_places,languages,interpreters
A,,4,0,1,1,ar,
B,,3,0,1,0,en,ar=1
"""


def write(tmp_path, families=FAMILIES, places=PLACES):
    (tmp_path / "families.csv").write_text(families)
    (tmp_path / "places.csv").write_text(places)
    return [str(tmp_path / "families.csv"), str(tmp_path / "places.csv")]


def test_allocate_writes_placements_and_reports_bound_gap_and_unplaced(
    tmp_path, capsys
):
    out = tmp_path / "placements.csv"
    status = main(
        ["allocate", *write(tmp_path), "--out", str(out), "--objective", "mix"]
    )
    printed = capsys.readouterr()
    assert status == 0
    assert "LP bound" in printed.out
    assert "gap" in printed.out
    assert "f3 (9 people): larger_than_any_place" in printed.out
    with out.open() as handle:
        rows = {row["family_id"]: row for row in csv.DictReader(handle)}
    assert rows["f1"]["place_id"] == "B"
    assert rows["f2"]["place_id"] == "A"
    assert rows["f3"]["unplaced_reason"] == "larger_than_any_place"


def test_allocate_runs_the_greedy_and_flow_solvers(tmp_path, capsys):
    for solver in ("greedy", "flow"):
        out = tmp_path / f"{solver}.csv"
        assert (
            main(["allocate", *write(tmp_path), "--out", str(out), "--solver", solver])
            == 0
        )
        assert f"solver        {solver}" in capsys.readouterr().out


def test_allocate_names_file_line_and_column_of_bad_input(tmp_path, capsys):
    bad = FAMILIES.replace("f2,2,ar", "f2,two,ar")
    args = write(tmp_path, families=bad)
    assert main(["allocate", *args, "--out", str(tmp_path / "o.csv")]) == 2
    err = capsys.readouterr().err
    assert f"{args[0]}, line 3, column 'size': 'two' is not a whole number" in err


def test_allocate_rejects_an_unknown_weight(tmp_path, capsys):
    args = write(tmp_path)
    assert (
        main(
            ["allocate", *args, "--out", str(tmp_path / "o.csv"), "--weights", "luck=1"]
        )
        == 2
    )
    assert "unknown weight" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("weights", "named"),
    [
        ("coverage=0,ranking=1", "--weights: coverage: the weight must be above 0"),
        ("relatives=-1", "--weights: relatives: the weight must be a finite number"),
        ("integration=nan", "--weights: integration: the weight must be a finite"),
    ],
)
def test_allocate_refuses_a_weight_that_would_leave_families_out(
    tmp_path, capsys, weights, named
):
    args = write(tmp_path)
    out = ["--out", str(tmp_path / "o.csv"), "--weights", weights]
    assert main(["allocate", *args, *out]) == 2
    assert named in capsys.readouterr().err
