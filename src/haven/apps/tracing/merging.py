"""
What merging one person into another does to each table that refers to them
(docs/adr/0017).

``MERGE_PLAN`` declares every kind of row that points at a person, directly or
through another row, with its treatment; a test checks that every table reaching a
person is in it, the same way as the erasure plan. Rows move to the survivor; a
row the survivor already holds an equal of stays (a spelling, a relationship); of
the things a person holds only one of (a case, a bed, a place on a manifest, a
placement) the survivor keeps its own, and the merged person's stays on them,
closed as merged where its kind has that state, with a ``MergeConflict`` for a
member of staff to resolve. The ``Merge`` row records every primary key that
changed, so that undoing it restores each row exactly.

Everything here runs inside the caller's transaction; the services in
``services.py`` lock, audit and check permissions.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final

from django.apps import apps
from django.db import models
from django.db.models import F, Q

from haven.apps.cases.models import Case
from haven.apps.core.actors import Actor
from haven.apps.errors import ConflictError
from haven.apps.people.models import Bed, Person, PersonEvent, PersonName
from haven.apps.people.services import person_reindex
from haven.apps.tracing.models import Merge, MergeConflict

# Every row moves to the survivor.
MOVE: Final = "move"
# A row moves unless the survivor already holds an equal one (``same``); a row
# that stays is either a plain duplicate or, with ``conflict``, a conflict.
MOVE_NEW: Final = "move_new"
# A person holds one: it moves when the survivor has none; otherwise it stays on
# the merged person (closed as merged where the kind can be) and is a conflict.
ONE_EACH: Final = "one_each"
# Moves with the row it belongs to (``through``), only once that row moved.
WITH_PARENT: Final = "with_parent"
# Reached through another row of the plan and goes wherever that row goes.
FOLLOW: Final = "follow"
# Derived from other rows and rebuilt on both sides (the search keys).
REBUILD: Final = "rebuild"
# The record of merges itself; never moved.
HISTORY: Final = "history"
# The person row: household and place are taken over when the survivor has none.
PERSON: Final = "person"


@dataclass(frozen=True, slots=True)
class MergeTreatment:
    """What a merge does to one model, and how it reaches the person."""

    model: str
    action: str
    fields: tuple[str, ...] = ()
    through: tuple[str, ...] = ()
    same: tuple[str, ...] = ()
    conflict: bool = False
    why: str = ""


_CASE_PARTS = (
    "cases.CaseTransition",
    "cases.DublinRequest",
    "cases.Decision",
    "cases.Letter",
    "cases.Delivery",
    "cases.Appeal",
    "cases.Return",
    "cases.StatusCode",
)
_CASE_PATHS = {
    "cases.Letter": ("decision",),
    "cases.Delivery": ("letter",),
}

MERGE_PLAN: Final[tuple[MergeTreatment, ...]] = (
    MergeTreatment("people.Registration", MOVE, ("person",)),
    MergeTreatment(
        "people.PersonName",
        MOVE_NEW,
        ("person",),
        same=("given_name", "father_name", "grandfather_name", "family_name", "native"),
        why="a spelling the survivor already has is not copied twice",
    ),
    MergeTreatment(
        "people.Relationship",
        MOVE_NEW,
        ("person", "relative"),
        same=("relation",),
        why="a link between the two, or one the survivor already has, stays",
    ),
    MergeTreatment("people.Vulnerability", MOVE, ("person",)),
    MergeTreatment("people.Consent", MOVE, ("person",)),
    MergeTreatment("people.PersonEvent", MOVE, ("person",)),
    MergeTreatment(
        "people.Bed", ONE_EACH, ("person",), why="a person holds one bed at a time"
    ),
    MergeTreatment(
        "cases.Case",
        ONE_EACH,
        ("person",),
        why="a person has one case; the other is closed as merged",
    ),
    *(
        MergeTreatment(label, FOLLOW, through=_CASE_PATHS.get(label, ("case",)))
        for label in _CASE_PARTS
    ),
    MergeTreatment("determinations.Determination", MOVE, ("person",)),
    MergeTreatment("sharing.Disclosure", MOVE, ("person",)),
    MergeTreatment("retention.LegalHold", MOVE, ("person",)),
    MergeTreatment(
        "placements.Placement",
        ONE_EACH,
        ("person",),
        why="both placed: the ledger may count the person twice",
    ),
    MergeTreatment(
        "transfers.ManifestEntry",
        MOVE_NEW,
        ("person",),
        same=("manifest",),
        conflict=True,
        why="a person is on a manifest once",
    ),
    MergeTreatment("transfers.CustodyEvent", FOLLOW, through=("entry",)),
    MergeTreatment(
        "transfers.MissingPersonAlert", WITH_PARENT, ("person",), through=("entry",)
    ),
    MergeTreatment("transfers.AlertEvent", FOLLOW, through=("alert",)),
    MergeTreatment("tracing.TracingRequest", MOVE, ("person",)),
    MergeTreatment("tracing.Candidate", FOLLOW, through=("registration", "request")),
    MergeTreatment("tracing.MatchDecision", FOLLOW, through=("candidate",)),
    MergeTreatment("tracing.DuplicatePair", FOLLOW, through=("left", "right")),
    MergeTreatment("people.NameKey", REBUILD, ("person",)),
    MergeTreatment("tracing.Merge", HISTORY, ("survivor", "merged")),
    MergeTreatment("tracing.MergeConflict", HISTORY, through=("merge",)),
    MergeTreatment(
        "people.Person",
        PERSON,
        ("merged_into",),
        same=("household", "housed_at"),
        why="household and place pass to a survivor without one",
    ),
)

# Keys of merges recorded before the plan, read when undoing them.
_LEGACY_KEYS: Final = {
    "registrations": "people.Registration.person",
    "names": "people.PersonName.person",
    "consents": "people.Consent.person",
    "needs": "people.Vulnerability.person",
    "events": "people.PersonEvent.person",
    "tracing_requests": "tracing.TracingRequest.person",
    "relations_from": "people.Relationship.person",
    "relations_to": "people.Relationship.relative",
}
_CREATED: Final = "created:people.PersonName"
_CLOSED: Final = "closed:cases.Case"
_PERSON: Final = "person"


@dataclass(slots=True)
class Outcome:
    """What a merge did: primary keys moved per ``model.field``, conflicts found."""

    moved: dict[str, Any] = field(default_factory=dict)
    conflicts: list[tuple[str, int, int]] = field(default_factory=list)
    stayed: dict[str, int] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        """Rows moved per model label."""
        counts: dict[str, int] = {}
        for key, ids in self.moved.items():
            if ":" in key or key == _PERSON:
                continue
            label = key.rsplit(".", 1)[0]
            counts[label] = counts.get(label, 0) + len(ids)
        return counts


def _model(label: str) -> type[models.Model]:
    return apps.get_model(label)


def _rows(label: str, **lookup: object) -> models.QuerySet[Any]:
    return _model(label)._default_manager.filter(**lookup)


def _move(label: str, name: str, ids: Iterable[int], source: int, target: int) -> None:
    _rows(label, pk__in=list(ids), **{f"{name}_id": source}).update(
        **{f"{name}_id": target}
    )


def _one_each(
    t: MergeTreatment, survivor: Person, merged: Person, out: Outcome, now: datetime
) -> None:
    name = t.fields[0]
    mine = list(
        _rows(t.model, **{name: merged}).order_by("pk").values_list("pk", flat=True)
    )
    theirs = list(
        _rows(t.model, **{name: survivor}).order_by("pk").values_list("pk", flat=True)
    )
    if not mine:
        return
    if not theirs:
        _move(t.model, name, mine, merged.pk, survivor.pk)
        out.moved[f"{t.model}.{name}"] = mine
        return
    for pk in mine:
        out.conflicts.append((t.model, theirs[0], pk))
    out.stayed[t.model] = len(mine)
    if t.model == "cases.Case":
        Case.objects.filter(pk__in=mine, merged_into__isnull=True).update(
            merged_into_id=theirs[0], merged_at=now
        )
        out.moved[_CLOSED] = mine


def _move_new(
    t: MergeTreatment, survivor: Person, merged: Person, out: Outcome
) -> None:
    for name in t.fields:
        others = [f for f in t.fields if f != name]
        rows = _rows(t.model, **{name: merged})
        for other in others:
            rows = rows.exclude(**{other: survivor}).exclude(**{other: merged})
        ids: list[int] = []
        for row in rows.order_by("pk"):
            equal = {f"{s}_id" if s in others else s: _value(row, s) for s in t.same}
            equal.update({f"{o}_id": getattr(row, f"{o}_id") for o in others})
            clash = _rows(t.model, **{name: survivor}, **equal).order_by("pk").first()
            if clash is None:
                ids.append(row.pk)
                continue
            out.stayed[t.model] = out.stayed.get(t.model, 0) + 1
            if t.conflict:
                out.conflicts.append((t.model, clash.pk, row.pk))
        _move(t.model, name, ids, merged.pk, survivor.pk)
        out.moved[f"{t.model}.{name}"] = ids
    # Links between the two people are left as they are, on the merged person.
    if len(t.fields) == 2:
        a, b = t.fields
        between = _rows(t.model).filter(
            Q(**{a: merged, b: survivor}) | Q(**{a: survivor, b: merged})
        )
        count = between.count()
        if count:
            out.stayed[t.model] = out.stayed.get(t.model, 0) + count


def _value(row: models.Model, name: str) -> object:
    f = row._meta.get_field(name)
    if isinstance(f, models.ForeignKey):
        return getattr(row, f"{name}_id")
    return getattr(row, name)


def _with_parent(
    t: MergeTreatment, survivor: Person, merged: Person, out: Outcome
) -> None:
    name, parent = t.fields[0], t.through[0]
    ids = list(
        _rows(t.model, **{name: merged, f"{parent}__person": survivor}).values_list(
            "pk", flat=True
        )
    )
    _move(t.model, name, ids, merged.pk, survivor.pk)
    out.moved[f"{t.model}.{name}"] = ids


def _person_fields(
    t: MergeTreatment, survivor: Person, merged: Person, out: Outcome
) -> None:
    before: dict[str, list[int | None]] = {}
    survivor_values: dict[str, int | None] = {}
    for name in t.same:
        mine, theirs = getattr(merged, f"{name}_id"), getattr(survivor, f"{name}_id")
        before[name] = [theirs, mine]
        if mine is None:
            continue
        if theirs is None:
            survivor_values[f"{name}_id"] = mine
        elif theirs != mine:
            out.conflicts.append((f"people.Person.{name}", theirs, mine))
    out.moved[_PERSON] = before
    if survivor_values:
        Person.objects.filter(pk=survivor.pk).update(**survivor_values)
    Person.objects.filter(pk=merged.pk).update(
        household=None, housed_at=None, merged_into=survivor
    )


def merge_apply(*, survivor: Person, merged: Person, now: datetime) -> Outcome:
    """Apply the plan: move ``merged``'s rows onto ``survivor``; return what moved."""
    if survivor.pk == merged.pk:
        raise ConflictError("a record cannot be merged into itself")
    out = Outcome()
    for t in MERGE_PLAN:
        if t.action == MOVE:
            name = t.fields[0]
            ids = list(_rows(t.model, **{name: merged}).values_list("pk", flat=True))
            _move(t.model, name, ids, merged.pk, survivor.pk)
            out.moved[f"{t.model}.{name}"] = ids
        elif t.action == MOVE_NEW:
            _move_new(t, survivor, merged, out)
        elif t.action == ONE_EACH:
            _one_each(t, survivor, merged, out, now)
        elif t.action == WITH_PARENT:
            _with_parent(t, survivor, merged, out)
        elif t.action == PERSON:
            _person_fields(t, survivor, merged, out)
    # The merged person's own name becomes one more spelling of the survivor's,
    # unless the survivor already has it (it may have moved with the spellings).
    spelling = {
        "given_name": merged.given_name,
        "father_name": merged.father_name,
        "grandfather_name": merged.grandfather_name,
        "family_name": merged.family_name,
        "native": merged.name_native,
    }
    created: list[int] = []
    if (
        any(spelling.values())
        and not PersonName.objects.filter(person=survivor, **spelling).exists()
    ):
        created.append(
            PersonName.objects.create(
                person=survivor,
                source=f"merged {merged.registration_number}"[:120],
                **spelling,
            ).pk
        )
    out.moved[_CREATED] = created
    Person.objects.filter(pk__in=[survivor.pk, merged.pk]).update(
        version=F("version") + 1
    )
    person_reindex(person=survivor)
    person_reindex(person=merged)
    return out


def conflicts_create(merge: Merge, out: Outcome) -> None:
    """Store the conflicts a merge found, each to be resolved by a person."""
    MergeConflict.objects.bulk_create(
        [
            MergeConflict(merge=merge, kind=kind, survivor_row=a, merged_row=b)
            for kind, a, b in out.conflicts
        ]
    )


def _key_field(key: str) -> tuple[str, str]:
    label, name = key.rsplit(".", 1)
    return label, name


def merge_reverse(*, merge: Merge) -> None:
    """Put back everything ``merge`` changed: rows, closed cases, conflicts' effects."""
    survivor, merged = merge.survivor, merge.merged
    for conflict in merge.conflicts.exclude(resolution=MergeConflict.Resolution.OPEN):
        effects_reverse(conflict)
    merge.conflicts.all().delete()
    moved: dict[str, Any] = merge.moved or {}
    PersonName.objects.filter(pk__in=moved.get(_CREATED, []), person=survivor).delete()
    if "merge_spelling" in moved:
        PersonName.objects.filter(pk__in=moved["merge_spelling"]).delete()
    for key, ids in moved.items():
        key = _LEGACY_KEYS.get(key, key)
        if ":" in key or key == _PERSON or "." not in key:
            continue
        label, name = _key_field(key)
        _move(label, name, ids, survivor.pk, merged.pk)
    Case.objects.filter(pk__in=moved.get(_CLOSED, [])).update(
        merged_into=None, merged_at=None
    )
    before = moved.get(_PERSON, {})
    if before:
        Person.objects.filter(pk=survivor.pk).update(
            **{f"{name}_id": pair[0] for name, pair in before.items()}
        )
        Person.objects.filter(pk=merged.pk).update(
            **{f"{name}_id": pair[1] for name, pair in before.items()}
        )
    Person.objects.filter(pk=merged.pk).update(merged_into=None)
    Person.objects.filter(pk__in=[survivor.pk, merged.pk]).update(
        version=F("version") + 1
    )
    person_reindex(person=Person.objects.get(pk=survivor.pk))
    person_reindex(person=Person.objects.get(pk=merged.pk))


# -- resolving conflicts --------------------------------------------------------


def conflict_resolve_apply(
    conflict: MergeConflict, keep: str, actor: Actor, now: datetime
) -> None:
    """
    Keep one side's row of a conflict and close the other; record what changed.

    A bed not kept is released; a case not kept is closed as merged into the kept
    one; for a household the survivor takes the chosen one. For a manifest place
    or a placement the choice is recorded for the transfer and ledger staff, who
    act on it in their own pages.
    """
    merge = conflict.merge
    effects: dict[str, Any] = {}
    kept = conflict.survivor_row if keep == "survivor" else conflict.merged_row
    dropped = conflict.merged_row if keep == "survivor" else conflict.survivor_row
    if conflict.kind == "people.Bed":
        bed = Bed.objects.get(pk=dropped)
        held_since = bed.assigned_at.isoformat() if bed.assigned_at else None
        effects["released"] = [bed.pk, bed.person_id, held_since]
        Bed.objects.filter(pk=bed.pk).update(person=None, assigned_at=None)
        if keep == "merged":
            Bed.objects.filter(pk=kept).update(person_id=merge.survivor_id)
            effects["moved"] = [kept, merge.merged_id]
    elif conflict.kind == "cases.Case" and keep == "merged":
        # The merged record's case goes to the survivor, open; the survivor's own
        # goes to the merged record, closed as merged into it.
        _cases_swap(kept, dropped)
        Case.objects.filter(pk=kept).update(merged_into=None, merged_at=None)
        Case.objects.filter(pk=dropped).update(merged_into_id=kept, merged_at=now)
        effects["swapped"] = [kept, dropped]
    elif conflict.kind == "people.Person.household" and keep == "merged":
        Person.objects.filter(pk=merge.survivor_id).update(household_id=kept)
        effects["household"] = [dropped]
    elif conflict.kind == "people.Person.housed_at" and keep == "merged":
        Person.objects.filter(pk=merge.survivor_id).update(housed_at_id=kept)
        effects["housed_at"] = [dropped]
    conflict.resolution = keep
    conflict.resolved_at = now
    conflict.resolved_by_id = actor.user_id
    conflict.resolved_by_name = actor.name
    conflict.effects = effects
    conflict.save()


def _cases_swap(first: int, second: int) -> None:
    """
    Give two cases each other's person. A person has one case (a one-to-one key
    checked on every row), so the first is parked on a placeholder person for the
    moment of the swap; the placeholder is deleted in the same transaction.
    """
    owners = dict(
        Case.objects.filter(pk__in=[first, second]).values_list("pk", "person_id")
    )
    holder = Person.objects.create(
        registration_number=f"SWAP-{uuid.uuid4().hex[:12]}", given_name="", sex="U"
    )
    Case.objects.filter(pk=first).update(person=holder)
    Case.objects.filter(pk=second).update(person_id=owners[first])
    Case.objects.filter(pk=first).update(person_id=owners[second])
    holder.delete()


def effects_reverse(conflict: MergeConflict) -> None:
    """Undo what resolving a conflict changed (used when the merge is undone)."""
    effects = conflict.effects or {}
    merge = conflict.merge
    if "moved" in effects:
        pk, owner = effects["moved"]
        Bed.objects.filter(pk=pk).update(person_id=owner)
    if "released" in effects:
        pk, owner, assigned_at = effects["released"]
        if Bed.objects.filter(person_id=owner).exclude(pk=pk).exists() or (
            Bed.objects.filter(pk=pk, person__isnull=False).exists()
        ):
            raise ConflictError(
                "a bed released when resolving this merge is taken again; "
                "free it before undoing the merge"
            )
        Bed.objects.filter(pk=pk).update(
            person_id=owner,
            assigned_at=datetime.fromisoformat(assigned_at) if assigned_at else None,
        )
    if "swapped" in effects:
        kept, dropped = effects["swapped"]
        _cases_swap(kept, dropped)
        Case.objects.filter(pk=dropped).update(merged_into=None, merged_at=None)
        Case.objects.filter(pk=kept).update(
            merged_into_id=dropped, merged_at=conflict.merge.merged_at
        )
    for name in ("household", "housed_at"):
        if name in effects:
            Person.objects.filter(pk=merge.survivor_id).update(
                **{f"{name}_id": effects[name][0]}
            )


def history_note(
    survivor: Person, merged: Person, action: str, actor: Actor, now: datetime
) -> None:
    """Write the merge or its undoing into both people's history."""
    PersonEvent.objects.bulk_create(
        [
            PersonEvent(
                person=person,
                at=now,
                actor=actor.name,
                action=action,
                detail=other.registration_number,
            )
            for person, other in ((survivor, merged), (merged, survivor))
        ]
    )


__all__ = [
    "FOLLOW",
    "HISTORY",
    "MERGE_PLAN",
    "MOVE",
    "MOVE_NEW",
    "ONE_EACH",
    "PERSON",
    "REBUILD",
    "WITH_PARENT",
    "MergeTreatment",
    "Outcome",
    "conflict_resolve_apply",
    "conflicts_create",
    "effects_reverse",
    "history_note",
    "merge_apply",
    "merge_reverse",
]
