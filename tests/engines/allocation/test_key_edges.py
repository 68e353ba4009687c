"""
The keys by hand on small figures, their edge cases, and inputs they must refuse.

Formulas: ``specs/allocation.md`` §1.2 (the 2015 key, Grech 2016 eqs. 1-7 citing
COM(2015) 450 pp. 11-12) and §2 (the AMMR reference key, Reg. 2024/1351 Art. 66, 50%
population and 50% GDP). Rounding to persons and its tie rule: ``docs/allocation.md``.
"""

from __future__ import annotations

import math
from types import MappingProxyType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from haven.engines.allocation import (
    KeyData,
    KeyInputError,
    distribute,
    eu2015_shares,
    largest_remainder,
)


def figures(
    population: dict[str, float],
    gdp: dict[str, float],
    unemployment: dict[str, float] | None = None,
    asylum: dict[str, float] | None = None,
) -> KeyData:
    """Return key data; unemployment and asylum default to the same figure for all."""
    return KeyData(
        population=MappingProxyType(population),
        gdp=MappingProxyType(gdp),
        unemployment=MappingProxyType(unemployment or dict.fromkeys(population, 5.0)),
        asylum_per_million=MappingProxyType(asylum or dict.fromkeys(population, 100.0)),
    )


def eu2015_by_hand(data: KeyData, cap: float | None = 0.3) -> dict[str, float]:
    """Spec §1.2 written out line by line, over every state of ``data``."""
    states = sorted(data.population)
    pop = {s: data.population[s] / sum(data.population.values()) for s in states}
    gdp = {s: data.gdp[s] / sum(data.gdp.values()) for s in states}
    inv_a = {s: 1 / data.asylum_per_million[s] for s in states}
    inv_u = {s: 1 / data.unemployment[s] for s in states}
    qcap = {}
    for s in states:
        pure_a = inv_a[s] / sum(inv_a.values())
        pure_u = inv_u[s] / sum(inv_u.values())
        limit = math.inf if cap is None else cap * (pop[s] + gdp[s])
        a, u = min(pure_a, limit), min(pure_u, limit)
        qcap[s] = 0.4 * pop[s] + 0.4 * gdp[s] + 0.1 * a + 0.1 * u
    residual = 1 - sum(qcap.values())
    return {s: qcap[s] + residual * (0.5 * pop[s] + 0.5 * gdp[s]) for s in states}


SMALL = figures(
    {"AA": 100.0, "BB": 10.0, "CC": 1.0},
    {"AA": 200.0, "BB": 5.0, "CC": 1.0},
    {"AA": 4.0, "BB": 10.0, "CC": 2.0},
    {"AA": 50.0, "BB": 500.0, "CC": 20.0},
)


@pytest.mark.parametrize("cap", [0.3, None], ids=["september", "may"])
def test_eu2015_shares_match_the_formula_worked_by_hand(cap):
    """Spec §1.2: caps at 0.3 (pop + gdp), residual shared 50% pop / 50% GDP."""
    shares = eu2015_shares(SMALL, ("AA", "BB", "CC"), cap=cap)
    for state, expected in eu2015_by_hand(SMALL, cap).items():
        assert shares[state] == pytest.approx(expected, abs=1e-12), state


def test_a_binding_cap_holds_a_small_state_to_its_cap_and_shares_the_rest_by_base():
    """Spec §1.2: pureA = pureU = 1/2 for both, but AA's cap is 0.3 * 0.02 = 0.006."""
    data = figures({"AA": 1.0, "BB": 99.0}, {"AA": 1.0, "BB": 99.0})
    shares = eu2015_shares(data, ("AA", "BB"))
    qcap_aa = 0.4 * 0.01 + 0.4 * 0.01 + 0.1 * 0.006 + 0.1 * 0.006
    qcap_bb = 0.4 * 0.99 + 0.4 * 0.99 + 0.1 * 0.5 + 0.1 * 0.5
    residual = 1 - qcap_aa - qcap_bb
    assert shares["AA"] == pytest.approx(qcap_aa + residual * 0.01, abs=1e-12)
    assert shares["BB"] == pytest.approx(qcap_bb + residual * 0.99, abs=1e-12)


def test_a_higher_unemployment_rate_means_fewer_persons():
    """Spec §1.2: criteria (c) and (d) apply inversely."""
    data = figures(
        {"AA": 50.0, "BB": 50.0}, {"AA": 50.0, "BB": 50.0}, {"AA": 5.0, "BB": 20.0}
    )
    persons = distribute("eu2015", data, 1000).persons()
    assert persons["AA"] > persons["BB"]
    assert sum(persons.values()) == 1000


def test_ammr_persons_are_the_largest_remainders_of_the_half_and_half_quotas():
    """Quotas 2.1, 1.925, 2.975 of 7: floors 2, 1, 2; the two left go to CC, BB."""
    data = figures(
        {"AA": 10.0, "BB": 30.0, "CC": 60.0}, {"AA": 50.0, "BB": 25.0, "CC": 25.0}
    )
    result = distribute("ammr", data, 7)
    assert result.shares() == pytest.approx({"AA": 0.3, "BB": 0.275, "CC": 0.425})
    assert result.persons() == {"AA": 2, "BB": 2, "CC": 3}


@pytest.mark.parametrize("key", ["eu2015", "ammr", "population"])
def test_a_single_state_takes_everyone(key):
    result = distribute(key, SMALL, 37, include=["CC"])
    assert result.persons() == {"CC": 37}
    assert result.shares()["CC"] == pytest.approx(1.0)


@pytest.mark.parametrize("key", ["eu2015", "ammr", "population"])
def test_a_total_of_zero_gives_nobody_anything_and_one_goes_to_the_largest(key):
    assert set(distribute(key, SMALL, 0).persons().values()) == {0}
    assert distribute(key, SMALL, 1).persons() == {"AA": 1, "BB": 0, "CC": 0}


def test_a_state_without_population_gets_only_its_gdp_half():
    data = figures({"AA": 0.0, "BB": 10.0}, {"AA": 10.0, "BB": 10.0})
    assert distribute("population", data, 10).persons() == {"AA": 0, "BB": 10}
    assert distribute("ammr", data, 10).persons() == {"AA": 2, "BB": 8}
    # eu2015: the cap of a state without GDP is 0.3 * pop alone; the formula holds.
    no_gdp = figures({"AA": 10.0, "BB": 10.0}, {"AA": 0.0, "BB": 10.0})
    assert eu2015_shares(no_gdp, ("AA", "BB")) == pytest.approx(eu2015_by_hand(no_gdp))


def test_mirror_states_tie_and_the_tie_goes_to_the_state_code_first_in_the_alphabet():
    """
    YY and ZZ swap population with GDP and unemployment with asylum, so their 2015
    shares are equal; summed in another order they differ in the last bit
    (0.49999999999999994 against 0.5). The tie rule must still decide.
    """
    data = figures(
        {"YY": 48400.0, "ZZ": 921543.0},
        {"YY": 921543.0, "ZZ": 48400.0},
        {"YY": 23.2, "ZZ": 5.6},
        {"YY": 5.6, "ZZ": 23.2},
    )
    assert distribute("eu2015", data, 1).persons() == {"YY": 1, "ZZ": 0}


@given(
    a=st.integers(1, 10**6),
    b=st.integers(1, 10**6),
    u=st.integers(1, 300),
    v=st.integers(1, 300),
    total=st.integers(1, 9).filter(lambda n: n % 2 == 1),
)
def test_mirror_states_always_tie_alphabetically(a, b, u, v, total):
    data = figures(
        {"YY": float(a), "ZZ": float(b)},
        {"YY": float(b), "ZZ": float(a)},
        {"YY": u / 10, "ZZ": v / 10},
        {"YY": v / 10, "ZZ": u / 10},
    )
    persons = distribute("eu2015", data, total).persons()
    assert persons == {"YY": total // 2 + 1, "ZZ": total // 2}


def test_remainders_equal_but_for_rounding_noise_tie_on_the_larger_share():
    # Quotas 2.5 and 0.5 of 3: the remainders tie, the larger share takes the third.
    assert largest_remainder({"BB": 1.0, "AA": 5.0}, 3) == {"AA": 3, "BB": 0}


@pytest.mark.parametrize("total", [10.5, 10.0, "10", True, None])
def test_a_total_that_is_not_a_whole_number_is_refused_by_name(total):
    with pytest.raises(KeyInputError) as raised:
        distribute("ammr", SMALL, total)
    assert raised.value.code == "bad_total"
    assert "total" in str(raised.value)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("population", -1.0),
        ("gdp", math.nan),
        ("gdp", math.inf),
        ("unemployment", -3.0),
        ("asylum_per_million", math.nan),
    ],
)
def test_a_negative_or_non_finite_figure_is_refused_naming_the_figure_and_state(
    field, value
):
    """A negative population could otherwise still give a positive 50/50 share."""
    values = {
        "population": {"AA": 1.0, "BB": 10.0},
        "gdp": {"AA": 5.0, "BB": 5.0},
        "unemployment": {"AA": 5.0, "BB": 5.0},
        "asylum_per_million": {"AA": 100.0, "BB": 100.0},
    }
    values[field]["AA"] = value
    data = KeyData(**{name: MappingProxyType(v) for name, v in values.items()})
    key = "ammr" if field in ("population", "gdp") else "eu2015"
    with pytest.raises(KeyInputError) as raised:
        distribute(key, data, 10)
    assert raised.value.code == "bad_figure"
    assert field in str(raised.value)
    assert "AA" in str(raised.value)


@pytest.mark.parametrize("field", ["unemployment", "asylum_per_million"])
def test_a_zero_inverse_criterion_is_refused_naming_the_figure(field):
    data = figures(
        {"AA": 1.0, "BB": 10.0},
        {"AA": 1.0, "BB": 5.0},
        {"AA": 0.0, "BB": 5.0} if field == "unemployment" else None,
        {"AA": 0.0, "BB": 5.0} if field == "asylum_per_million" else None,
    )
    with pytest.raises(KeyInputError) as raised:
        distribute("eu2015", data, 10)
    assert raised.value.code == "zero_figure"
    assert field in str(raised.value)
    assert "AA" in str(raised.value)


def test_an_included_state_missing_one_figure_is_refused_naming_that_figure():
    data = KeyData(
        population=MappingProxyType({"AA": 1.0, "BB": 2.0}),
        gdp=MappingProxyType({"AA": 1.0}),
        unemployment=MappingProxyType({"AA": 1.0, "BB": 1.0}),
        asylum_per_million=MappingProxyType({"AA": 1.0, "BB": 1.0}),
    )
    with pytest.raises(KeyInputError) as raised:
        distribute("ammr", data, 10, include=["AA", "bb"])
    assert raised.value.code == "missing_figure"
    assert "gdp" in str(raised.value)
    assert "BB" in str(raised.value)
    # The population key needs no GDP.
    assert distribute("population", data, 3, include=["AA", "BB"]).persons() == {
        "AA": 1,
        "BB": 2,
    }
