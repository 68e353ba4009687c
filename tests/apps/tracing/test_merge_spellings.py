"""
The automatic merge failed at demo size with UNIQUE constraint failed on
people_personname: merging a record whose name the survivor already has copied
the spelling twice. Void records are not offered to the duplicate scan.
"""

from __future__ import annotations

from datetime import date

import pytest

from haven.apps.people.models import PersonName
from haven.apps.people.selectors import census_get
from haven.apps.people.services import person_register, person_restore, person_void
from haven.apps.tracing.selectors import camp_registry
from haven.apps.tracing.services import merge_undo, person_merge
from tests.apps.people.builders import ACTOR, person_input, registration_input
from tests.conftest import NOW

pytestmark = pytest.mark.django_db


def _twin():
    return person_register(
        person=person_input(),
        registration=registration_input(),
        actor=ACTOR,
        now=NOW,
    )


def test_three_records_of_one_name_merge_into_one_spelling_and_back():
    first, second, third = _twin(), _twin(), _twin()
    spellings = PersonName.objects.filter(given_name="Ahmed", father_name="Mohammed")
    assert spellings.count() == 0  # the registered name is the person's own
    one = person_merge(
        survivor=first, merged=second, reason="same", actor=ACTOR, now=NOW
    )
    two = person_merge(
        survivor=first, merged=third, reason="same", actor=ACTOR, now=NOW
    )
    # The first merge adds the merged name as a spelling; the second finds it
    # there already and does not add it again (this was the IntegrityError).
    assert spellings.filter(person=first).count() == 1
    assert spellings.count() == 1
    merge_undo(merge=two, actor=ACTOR, now=NOW)
    assert spellings.count() == 1
    merge_undo(merge=one, actor=ACTOR, now=NOW)
    assert spellings.count() == 0


def test_an_earlier_merge_waits_for_a_later_one_of_the_same_records():
    first, second, third = _twin(), _twin(), _twin()
    one = person_merge(
        survivor=first, merged=second, reason="same", actor=ACTOR, now=NOW
    )
    person_merge(survivor=first, merged=third, reason="same", actor=ACTOR, now=NOW)
    with pytest.raises(Exception, match="later merges"):
        merge_undo(merge=one, actor=ACTOR, now=NOW)


def test_a_void_record_is_not_offered_to_the_duplicate_scan():
    kept, void = _twin(), _twin()
    person_void(
        person=void, reason="registered_in_error", note="", actor=ACTOR, now=NOW
    )
    ids = {int(r["record_id"]) for r in camp_registry()}
    registrations = set(void.registrations.values_list("pk", flat=True))
    assert registrations
    assert not ids & registrations
    assert set(kept.registrations.values_list("pk", flat=True)) <= ids


def test_void_and_merged_records_leave_the_census_and_come_back():
    first, second, third = _twin(), _twin(), _twin()
    today = date(2026, 12, 7)
    assert census_get(today=today).total == 3
    person_void(person=third, reason="duplicate", note="", actor=ACTOR, now=NOW)
    merge = person_merge(
        survivor=first, merged=second, reason="same", actor=ACTOR, now=NOW
    )
    assert census_get(today=today).total == 1
    merge_undo(merge=merge, actor=ACTOR, now=NOW)
    person_restore(person=third, actor=ACTOR, now=NOW)
    assert census_get(today=today).total == 3
