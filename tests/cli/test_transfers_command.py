"""``haven transfers sweep``, as a timer runs it."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from haven.apps.core.actors import Actor
from haven.apps.people.models import Location
from haven.apps.transfers.models import ManifestEntry, MissingPersonAlert
from haven.apps.transfers.services import (
    custody_check_out,
    manifest_create,
    manifest_depart,
    manifest_entry_add,
)
from haven.cli.main import main
from tests.apps.cases.builders import child
from tests.conftest import NOW

pytestmark = pytest.mark.django_db

CW = Actor(name="cw", role="caseworker")


@pytest.fixture
def on_the_road(camp):
    """A child checked out at NOW on a bus due in within four hours."""
    centre = Location.objects.create(
        key="centre-lozere", name="CAOMI", kind="centre", country="FR", capacity=40
    )
    person = child()
    bus = manifest_create(
        mode="bus",
        origin_key="calais-containers",
        departure_planned=NOW,
        check_in_within_hours=4,
        escorts=[("Escort A", "France terre d'asile")],
        now=NOW,
        actor=CW,
    )
    entry = manifest_entry_add(
        manifest=bus,
        registration_number=person.registration_number,
        destination_key=centre.key,
        escort=None,
        now=NOW,
        actor=CW,
    )
    custody_check_out(entry=entry, reason="boarded", now=NOW, actor=CW)
    manifest_depart(manifest=bus, did_not_board=[], now=NOW, actor=CW)
    return person, bus, entry


def sweep_at(moment, capsys):
    with time_machine.travel(moment, tick=False):
        status = main(["transfers", "sweep"])
    return status, capsys.readouterr().out


def test_the_sweep_before_the_check_in_time_raises_nothing(on_the_road, capsys):
    status, out = sweep_at(NOW + timedelta(hours=3), capsys)
    assert status == 0
    assert "0 alerts raised" in out
    assert "open alerts: 0" in out
    assert MissingPersonAlert.objects.count() == 0


def test_the_sweep_raises_one_alert_by_id_and_names_nobody(on_the_road, capsys):
    person, bus, entry = on_the_road
    status, out = sweep_at(NOW + timedelta(hours=4, minutes=1), capsys)
    assert status == 0
    [alert] = MissingPersonAlert.objects.all()
    assert alert.raised_by == "haven"
    assert f"alert {alert.pk} manifest {bus.reference} line {entry.pk}" in out
    assert "1 alert raised" in out
    assert "open alerts: 1" in out
    entry.refresh_from_db()
    assert entry.state == ManifestEntry.State.MISSING
    for given, family in person.names.values_list("given_name", "family_name"):
        assert given not in out
        assert family not in out
    assert person.registration_number not in out


def test_a_second_sweep_raises_no_second_alert(on_the_road, capsys):
    sweep_at(NOW + timedelta(hours=5), capsys)
    status, out = sweep_at(NOW + timedelta(hours=6), capsys)
    assert status == 0
    assert "0 alerts raised" in out
    assert "open alerts: 1" in out
    assert MissingPersonAlert.objects.count() == 1
