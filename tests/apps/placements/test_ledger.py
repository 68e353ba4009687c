"""The ledger on a real database: pledges and caps hold, in Python and in SQL."""

from __future__ import annotations

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import F

from haven.apps.errors import InvalidInputError
from haven.apps.exports.cells import safe_cell, table_csv
from haven.apps.people.models import Person
from haven.apps.placements.demo import ledger_demo_load
from haven.apps.placements.exports import ledger_rows
from haven.apps.placements.models import Placement, Pledge, Scheme
from haven.apps.placements.selectors import (
    ledger_timeline,
    pledge_list,
    scheme_summary,
)
from haven.apps.placements.services import (
    PledgeExceededError,
    cap_version_add,
    placement_record,
    pledge_create,
)
from haven.engines.allocation import default_key_data, distribute
from tests.apps.placements.builders import (
    DAY,
    PLACER,
    household,
    person,
    places_pledge,
    scheme,
)


@pytest.mark.django_db
def test_a_placement_draws_on_its_pledge_and_the_schemes_cap():
    dubs = scheme(cap=10)
    pledge = places_pledge(dubs, 3)
    placement_record(pledge_id=pledge.pk, person=person(1), placed_on=DAY, actor=PLACER)
    placement_record(
        pledge_id=pledge.pk,
        household=household("H-1", 2, start=10),
        placed_on=DAY,
        actor=PLACER,
    )
    pledge.refresh_from_db()
    dubs.refresh_from_db()
    assert (pledge.places_delivered, pledge.places_remaining) == (3, 0)
    assert dubs.places_delivered == 3
    assert sorted(Placement.objects.values_list("places", flat=True)) == [1, 2]


@pytest.mark.django_db
def test_a_placement_beyond_its_pledge_is_refused_and_changes_nothing():
    dubs = scheme(cap=10)
    pledge = places_pledge(dubs, 2)
    with pytest.raises(PledgeExceededError, match="2 places left; 3 are needed"):
        placement_record(
            pledge_id=pledge.pk,
            household=household("H-1", 3, start=10),
            placed_on=DAY,
            actor=PLACER,
        )
    pledge.refresh_from_db()
    dubs.refresh_from_db()
    assert pledge.places_delivered == dubs.places_delivered == 0
    assert not Placement.objects.exists()


@pytest.mark.django_db
def test_the_cap_binds_even_when_the_pledges_exceed_it():
    dubs = scheme(cap=2)
    first, second = places_pledge(dubs, 2, "Kent"), places_pledge(dubs, 2, "Leeds")
    placement_record(pledge_id=first.pk, person=person(1), placed_on=DAY, actor=PLACER)
    placement_record(pledge_id=second.pk, person=person(2), placed_on=DAY, actor=PLACER)
    with pytest.raises(PledgeExceededError, match="cap has 0 places left"):
        placement_record(
            pledge_id=second.pk, person=person(3), placed_on=DAY, actor=PLACER
        )
    assert Placement.objects.count() == 2


@pytest.mark.django_db
def test_a_pledge_of_money_takes_no_placement():
    dubs = scheme(cap=None)
    money = pledge_create(
        scheme=dubs,
        pledger_kind="state",
        pledger="Germany",
        country="DE",
        kind="money",
        amount=Decimal("20000.00"),
        currency="EUR",
        period_start=date(2026, 6, 12),
        period_end=date(2026, 12, 31),
        pledged_on=date(2025, 11, 27),
    )
    with pytest.raises(InvalidInputError) as caught:
        placement_record(
            pledge_id=money.pk, person=person(1), placed_on=DAY, actor=PLACER
        )
    assert "pledge" in caught.value.field_errors
    assert scheme_summary(scheme=dubs).money_pledged == (("EUR", Decimal("20000")),)


@pytest.mark.django_db
def test_a_pledge_from_the_eus_uk_is_stored_under_iso_gb():
    # The keys name the United Kingdom GB; a pledge under UK would match no state.
    pledge = pledge_create(
        scheme=scheme(),
        pledger_kind="local_authority",
        pledger="Kent",
        country="uk",
        kind="places",
        places=2,
        period_start=date(2016, 5, 12),
        period_end=date(2020, 12, 31),
        pledged_on=date(2016, 9, 5),
    )
    pledge.refresh_from_db()
    assert pledge.country == "GB"


@pytest.mark.django_db
def test_an_invalid_pledge_names_every_field_at_fault():
    with pytest.raises(InvalidInputError) as caught:
        pledge_create(
            scheme=scheme(),
            pledger_kind="county",
            pledger=" ",
            country="GBR",
            kind="money",
            places=3,
            period_start=date(2017, 1, 1),
            period_end=date(2016, 1, 1),
            pledged_on=date(2016, 1, 1),
        )
    assert set(caught.value.field_errors) == {
        "pledger_kind",
        "pledger",
        "country",
        "places",
        "amount",
        "currency",
        "period_end",
    }


@pytest.mark.django_db
def test_the_database_refuses_a_direct_update_beyond_the_pledge():
    pledge = places_pledge(scheme(cap=None), 2)
    with pytest.raises(IntegrityError), transaction.atomic():
        Pledge.objects.filter(pk=pledge.pk).update(
            places_delivered=F("places_delivered") + 3
        )
    pledge.refresh_from_db()
    assert pledge.places_delivered == 0


@pytest.mark.django_db
def test_the_database_refuses_a_direct_update_beyond_the_cap():
    dubs = scheme(cap=5)
    with pytest.raises(IntegrityError), transaction.atomic():
        Scheme.objects.filter(pk=dubs.pk).update(places_delivered=6)
    with pytest.raises(IntegrityError), transaction.atomic():
        Pledge.objects.create(
            scheme=dubs,
            pledger_kind="state",
            pledger="France",
            country="FR",
            kind="money",
            places=4,
            amount=Decimal(10),
            currency="EUR",
            period_start=DAY,
            period_end=DAY,
            pledged_on=DAY,
        )


@pytest.mark.django_db
def test_a_cap_cannot_be_lowered_below_what_was_delivered():
    dubs = scheme(cap=None)
    pledge = places_pledge(dubs, 5)
    cap_version_add(scheme=dubs, places=350, effective_from=date(2017, 2, 8), today=DAY)
    dubs.refresh_from_db()
    assert dubs.cap is None  # not yet in effect on DAY
    for number in range(3):
        placement_record(
            pledge_id=pledge.pk, person=person(number), placed_on=DAY, actor=PLACER
        )
    with pytest.raises(PledgeExceededError):
        cap_version_add(scheme=dubs, places=2, effective_from=DAY, today=DAY)
    dubs.refresh_from_db()
    assert dubs.cap is None


@pytest.mark.django_db
def test_the_timeline_accumulates_pledges_deliveries_and_caps():
    dubs = scheme(cap=None)
    pledge = places_pledge(dubs, 4)
    cap_version_add(scheme=dubs, places=3, effective_from=date(2016, 10, 1), today=DAY)
    placement_record(pledge_id=pledge.pk, person=person(1), placed_on=DAY, actor=PLACER)
    points = ledger_timeline(scheme=dubs)
    assert [(p.day, p.pledged, p.delivered, p.cap) for p in points] == [
        (date(2016, 9, 5), 4, 0, None),
        (date(2016, 10, 1), 4, 0, 3),
        (DAY, 4, 1, 3),
    ]


@pytest.mark.django_db
def test_the_demo_ledger_shows_the_dubs_cap_and_the_eu_key():
    for number in range(210):
        person(number)
    result = ledger_demo_load(today=date(2026, 1, 1))
    assert result.placements == 200
    dubs = Scheme.objects.get(key="uk-s67-dubs")
    summary = scheme_summary(scheme=dubs)
    assert dubs.cap == 480
    assert summary.caps == ((date(2017, 2, 8), 350), (date(2017, 4, 26), 480))
    assert (summary.places_pledged, summary.places_delivered) == (480, 200)
    assert dubs.places_delivered == 200
    eu = Scheme.objects.get(key="eu-relocation-2015")
    expected = distribute(
        "eu2015", default_key_data(), 66_000, exclude=("IT", "GR", "GB", "IE", "DK")
    ).persons()
    assert {p.country: p.places for p in pledge_list(scheme=eu)} == expected
    assert ledger_demo_load(today=date(2026, 1, 1)).already_loaded


@pytest.mark.django_db
def test_the_demo_ledger_delivers_only_to_children_there_are():
    Person.objects.all().delete()
    person(1)
    person(2, child_status="not_a_child")
    assert ledger_demo_load(today=date(2026, 1, 1)).placements == 1


@pytest.mark.django_db
def test_exports_carry_hxl_tags_and_defuse_formulas():
    dubs = scheme(cap=None)
    places_pledge(dubs, 4, pledger='=HYPERLINK("http://x")')
    plain = table_csv(ledger_rows(pledge_list(scheme=dubs))).decode().splitlines()
    tagged = (
        table_csv(ledger_rows(pledge_list(scheme=dubs), hxl=True)).decode().splitlines()
    )
    assert plain[0].startswith("scheme,pledger,pledger_kind,country")
    assert tagged[1].startswith("#org+scheme,#org+pledger,#org+type,#country+code")
    assert "#indicator+pledged+num" in tagged[1]
    assert "#date+pledged" in tagged[1]
    assert "'=HYPERLINK" in plain[1]
    assert tagged[2] == plain[1]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+44", "'+44"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "x"),
        ("\rx", "'\nx"),
        ("Kent", "Kent"),
        (-2, "-2"),
        (None, ""),
    ],
)
def test_a_cell_that_looks_like_a_formula_is_quoted(value, expected):
    assert safe_cell(value) == expected


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_placements_never_exceed_the_pledge_on_postgresql():
    assert connection.vendor == "postgresql"
    pledge = places_pledge(scheme(cap=None), 5)
    children = [person(number) for number in range(12)]
    barrier = threading.Barrier(len(children))
    outcomes: list[str] = []
    lock = threading.Lock()

    def place(child: Person) -> None:
        barrier.wait()
        try:
            placement_record(
                pledge_id=pledge.pk, person=child, placed_on=DAY, actor=PLACER
            )
            result = "placed"
        except PledgeExceededError:
            result = "refused"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=place, args=(child,)) for child in children]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    pledge.refresh_from_db()
    assert sorted(outcomes).count("placed") == 5
    assert pledge.places_delivered == 5
    assert Placement.objects.filter(pledge=pledge).count() == 5
