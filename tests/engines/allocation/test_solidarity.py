"""The AMMR solidarity pool: fair shares, deductions, pledges and the shortfall."""

from __future__ import annotations

import pytest

from haven.engines.allocation import (
    Pledge,
    SolidarityInputError,
    default_key_data,
    solidarity_pool,
)

DATA = default_key_data()
EU27 = [state for state in DATA.states() if state != "GB"]


def test_fair_shares_sum_to_the_pool_and_money_is_twenty_thousand_per_relocation():
    pool = solidarity_pool(DATA, relocations=30_000, include=EU27)
    assert sum(row.fair_share for row in pool.states) == 30_000
    assert pool.shortfall_eur == pytest.approx(30_000 * 20_000)


def test_a_full_deduction_removes_the_state_share_from_what_is_due():
    pool = solidarity_pool(
        DATA, relocations=21_000, include=EU27, deductions={"IT": 1.0}
    )
    italy = next(row for row in pool.states if row.state == "IT")
    assert italy.due == 0
    assert pool.deducted == italy.fair_share
    assert pool.due == 21_000 - italy.fair_share


def test_money_and_other_measures_count_as_relocations_at_the_configured_price():
    pool = solidarity_pool(
        DATA,
        relocations=100,
        include=["DE", "FR"],
        eur_per_relocation=10_000.0,
        pledges=[
            Pledge(
                "DE", relocations=10, money_eur=100_000.0, other_measures_eur=50_000.0
            )
        ],
    )
    germany = next(row for row in pool.states if row.state == "DE")
    assert germany.pledged_equivalent == pytest.approx(25.0)
    assert germany.shortfall == pytest.approx(germany.due - 25.0)


def test_an_over_pledge_offsets_another_state_shortfall_in_the_pool():
    pool = solidarity_pool(
        DATA,
        relocations=100,
        include=["DE", "FR"],
        pledges=[Pledge("DE", relocations=100)],
    )
    france = next(row for row in pool.states if row.state == "FR")
    assert france.shortfall == france.due
    assert pool.shortfall == 0.0


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"deductions": {"DE": 1.5}}, "bad_deduction"),
        ({"pledges": [Pledge("PL", relocations=1)]}, "unknown_pledging_state"),
        ({"pledges": [Pledge("DE", money_eur=-1.0)]}, "negative_pledge"),
        ({"eur_per_relocation": 0.0}, "bad_price"),
    ],
)
def test_inconsistent_input_is_rejected_with_a_code(kwargs, code):
    with pytest.raises(SolidarityInputError) as raised:
        solidarity_pool(DATA, relocations=10, include=["DE", "FR"], **kwargs)
    assert raised.value.code == code
