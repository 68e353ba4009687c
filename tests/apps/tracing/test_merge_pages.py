"""
Voiding and merging from the pages: a preview of the plan before anything is
written, the merge and its conflicts, resolving one, undoing from the merge
page; both records must be in the user's scope; each write is audited.
"""

from __future__ import annotations

from datetime import date

import pytest

from haven.apps.audit.models import AuditEvent
from haven.apps.cases.models import Case
from haven.apps.people.models import Bed, Location, Person
from haven.apps.tracing.models import Merge, MergeConflict
from tests.conftest import NOW

AGENCY = "Safe Passage"


def _person(number: str, given: str, agency: str = AGENCY) -> Person:
    return Person.objects.create(
        registration_number=number,
        given_name=given,
        family_name="Haddad",
        sex="F",
        date_of_birth=date(2004, 3, 1),
        agency=agency,
        team="north",
    )


@pytest.fixture
def twins(db):
    """One girl registered twice, each record with its own case and bed."""
    camp = Location.objects.create(
        key="camp-t", name="Camp T", kind="camp", country="FR"
    )
    kept, gone = _person("HVN-T000001", "Amira"), _person("HVN-T000002", "Amirah")
    for number, who in enumerate((kept, gone), start=1):
        Case.objects.create(person=who, state_since=NOW, identified_at=NOW, contact="x")
        Bed.objects.create(location=camp, number=number, person=who, assigned_at=NOW)
    return kept, gone


def _preview(client, kept, gone):
    return client.post(
        f"/tracing/people/{kept.pk}/merge/",
        {"other": gone.registration_number, "survivor": "this"},
    )


def test_the_preview_shows_the_plan_and_writes_nothing(client, make_user, twins):
    kept, gone = twins
    client.force_login(make_user("supervisor"))
    response = _preview(client, kept, gone)
    body = response.content.decode()
    assert response.status_code == 200
    assert "What the merge will do" in body
    # Both held a case and a bed: the preview lists both as conflicts.
    section = body[body.index("Conflicts to resolve") :]
    assert "Case" in section
    assert "Bed" in section
    assert not Merge.objects.exists()
    gone.refresh_from_db()
    assert gone.merged_into_id is None
    assert Case.objects.get(person=gone).merged_into_id is None


def test_a_confirmed_merge_lists_conflicts_resolves_one_and_undoes(
    client, make_user, twins
):
    kept, gone = twins
    client.force_login(make_user("supervisor"))
    response = client.post(
        f"/tracing/people/{kept.pk}/merge/",
        {
            "other": gone.registration_number,
            "survivor": "this",
            "confirm": "1",
            "reason": "registered twice",
        },
    )
    merge = Merge.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/tracing/merges/{merge.pk}/"
    assert AuditEvent.objects.filter(action="tracing.merge", object_id=str(merge.pk))
    page = client.get(response["Location"]).content.decode()
    assert "Conflicts" in page
    assert "Undo the merge" in page
    # The survivor's own page lists the conflict for someone to resolve.
    person_page = client.get(f"/people/{kept.pk}/").content.decode()
    assert "Merge conflicts to resolve" in person_page
    # The merged record's case is closed as merged: off the case list, and its
    # page links to the case kept.
    gone_case = Case.objects.get(person=gone)
    cases = client.get("/cases/").content.decode()
    assert f"/cases/{gone_case.pk}/" not in cases
    assert f"/cases/{Case.objects.get(person=kept).pk}/" in cases
    case_page = client.get(f"/cases/{gone_case.pk}/").content.decode()
    assert "Closed as merged" in case_page
    # The merged record is gone from search.
    search = client.post("/people/", {"q": gone.registration_number}).content.decode()
    assert f"/people/{gone.pk}/" not in search
    # Keep the survivor's bed: the merged record's bed is released.
    bed = MergeConflict.objects.get(merge=merge, kind="people.Bed")
    client.post(f"/tracing/conflicts/{bed.pk}/resolve/", {"keep": "survivor"})
    assert Bed.objects.get(number=2).person_id is None
    assert AuditEvent.objects.filter(action="tracing.merge_conflict_resolve")
    # Keep the merged record's case: it passes to the survivor, open, and the
    # survivor's own goes to the merged record, closed as merged into it.
    case = MergeConflict.objects.get(merge=merge, kind="cases.Case")
    client.post(f"/tracing/conflicts/{case.pk}/resolve/", {"keep": "merged"})
    assert Case.objects.get(person=kept).pk == gone_case.pk
    assert Case.objects.get(person=kept).merged_into_id is None
    assert Case.objects.get(person=gone).merged_into_id == gone_case.pk
    # Undo from the merge page: the bed is held again, each case back with its
    # person and open.
    client.post(f"/tracing/merges/{merge.pk}/undo/")
    assert Bed.objects.get(number=2).person_id == gone.pk
    assert Case.objects.get(person=gone).pk == gone_case.pk
    assert Case.objects.get(person=gone).merged_into_id is None
    assert Case.objects.get(person=kept).merged_into_id is None
    assert Person.objects.filter(registration_number__startswith="SWAP-").count() == 0
    assert not MergeConflict.objects.exists()
    gone.refresh_from_db()
    assert gone.merged_into_id is None


def test_the_other_record_must_be_in_the_users_scope(client, make_user, db):
    mine = _person("HVN-T000011", "Amira")
    theirs = _person("HVN-T000012", "Amira", agency="Another agency")
    client.force_login(make_user("supervisor"))
    response = client.post(
        f"/tracing/people/{mine.pk}/merge/",
        {
            "other": theirs.registration_number,
            "survivor": "this",
            "confirm": "1",
            "reason": "same",
        },
    )
    assert "No record with this registration number among yours" in (
        response.content.decode()
    )
    assert not Merge.objects.exists()
    # And a record outside the scope has no merge page at all.
    assert client.get(f"/tracing/people/{theirs.pk}/merge/").status_code in (403, 404)


def test_a_record_is_voided_with_a_reason_hidden_and_restored(client, make_user, db):
    person = _person("HVN-T000021", "Amira")
    client.force_login(make_user("supervisor"))
    refused = client.post(f"/people/{person.pk}/void/", {"reason": ""}, follow=True)
    assert "choose a reason" in refused.content.decode()
    client.post(
        f"/people/{person.pk}/void/",
        {"reason": "registered_in_error", "note": "test entry"},
    )
    person.refresh_from_db()
    assert person.voided_at is not None
    assert person.void_reason == "registered_in_error"
    assert AuditEvent.objects.filter(action="person.void", object_id=str(person.pk))
    search = client.post("/people/", {"q": person.registration_number}).content.decode()
    assert f"/people/{person.pk}/" not in search
    page = client.get(f"/people/{person.pk}/").content.decode()
    assert "This record is void." in page
    client.post(f"/people/{person.pk}/restore/")
    person.refresh_from_db()
    assert person.voided_at is None
    assert AuditEvent.objects.filter(action="person.restore")
    search = client.post("/people/", {"q": person.registration_number}).content.decode()
    assert f"/people/{person.pk}/" in search


def test_a_role_without_void_cannot_void(client, make_user, db):
    person = _person("HVN-T000031", "Amira")
    client.force_login(make_user("dublin_officer"))
    response = client.post(f"/people/{person.pk}/void/", {"reason": "duplicate"})
    assert response.status_code == 403
    person.refresh_from_db()
    assert person.voided_at is None


def test_the_merge_pages_render_in_arabic_right_to_left(client, make_user, twins):
    kept, gone = twins
    client.force_login(make_user("supervisor"))
    client.cookies["django_language"] = "ar"
    body = _preview(client, kept, gone).content.decode()
    assert 'dir="rtl"' in body
    assert "What the merge will do" not in body
