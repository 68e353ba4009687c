"""Time in each stage and medians."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from haven.engines.workflow import Entry, median_days, stage_times

T0 = datetime(2016, 10, 24, 9, 0, tzinfo=UTC)


def at(days):
    return T0 + timedelta(days=days)


def test_time_in_each_stage_runs_to_the_next_entry_or_until_now():
    histories = [
        [
            Entry("registered", at(0)),
            Entry("screened", at(2)),
            Entry("arrived", at(10)),
        ],
        [Entry("registered", at(0)), Entry("screened", at(4))],
    ]
    result = stage_times(
        histories, until=at(20), final={"arrived"}, order=("registered", "screened")
    )
    assert [s.stage for s in result] == ["registered", "screened"]
    registered, screened = result
    assert registered.cases == 2
    assert registered.median_days == 3.0
    assert screened.median_days == 12.0
    assert screened.longest_days == 16.0


def test_the_median_of_nothing_is_none():
    assert median_days([]) is None
    assert stage_times([], until=T0) == ()


def test_stages_outside_the_order_come_last_by_name():
    histories = [
        [Entry("zeta", at(0)), Entry("alpha", at(1)), Entry("registered", at(2))]
    ]
    stages = [
        s.stage for s in stage_times(histories, until=at(3), order=("registered",))
    ]
    assert stages == ["registered", "alpha", "zeta"]
