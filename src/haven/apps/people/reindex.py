"""
Rebuilding every person's search keys after the name normaliser changes.

Search keys (``NameKey``) are derived from the stored spellings by
``haven.engines.linkage.search_keys``. When a release reads names better (a new
script, a spelling rule), keys stored by the old release no longer match the
keys a search computes, so a person registered as "Çelik" would not be found
as "Chelik". :func:`search_keys_rebuild` brings the stored keys in line, a batch
of people per transaction, and touches nothing but the keys.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from haven.apps.audit.services import audit_record
from haven.apps.people.inputs import NameInput
from haven.apps.people.models import NameKey, Person, PersonName
from haven.apps.people.services import person_keys

__all__ = ["RebuildResult", "search_keys_rebuild"]

_PERSON_NAME = ("given_name", "father_name", "grandfather_name", "family_name")


@dataclass(frozen=True)
class RebuildResult:
    """What a rebuild checked and changed."""

    people: int
    people_changed: int
    keys_added: int
    keys_removed: int


def _wanted(ids: list[int]) -> dict[int, set[str]]:
    names: dict[int, list[NameInput]] = {pk: [] for pk in ids}
    for row in Person.objects.filter(pk__in=ids).values_list(
        "pk", *_PERSON_NAME, "name_native"
    ):
        names[row[0]].append(NameInput(*row[1:]))
    for row in PersonName.objects.filter(person_id__in=ids).values_list(
        "person_id", *_PERSON_NAME, "native"
    ):
        names[row[0]].append(NameInput(*row[1:]))
    return {pk: person_keys(spellings) for pk, spellings in names.items()}


def search_keys_rebuild(
    *,
    actor_name: str,
    batch_size: int = 1000,
    progress: Callable[[int], None] | None = None,
) -> RebuildResult:
    """
    Recompute the search keys of every person; store only the differences.

    Each batch is one transaction with its own audit event, so an interrupted
    rebuild keeps the batches it finished and a second run completes it.
    ``progress`` is called with the number of people done after each batch.
    """
    if batch_size < 1:
        raise ValueError("batch_size: must be at least 1")
    done = changed = added = removed = 0
    after = 0
    while True:
        ids = list(
            Person.objects.filter(pk__gt=after)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch_size]
        )
        if not ids:
            break
        with transaction.atomic():
            # Lock the batch: an edit of a name in the meantime rewrites the
            # person's keys itself, and must not be undone by this batch.
            list(Person.objects.select_for_update().filter(pk__in=ids).values("pk"))
            wanted = _wanted(ids)
            stored: dict[int, set[str]] = {pk: set() for pk in ids}
            for pk, key in NameKey.objects.filter(person_id__in=ids).values_list(
                "person_id", "key"
            ):
                stored[pk].add(key)
            new: list[NameKey] = []
            batch_changed = batch_removed = 0
            for pk in ids:
                extra = stored[pk] - wanted[pk]
                missing = wanted[pk] - stored[pk]
                if extra or missing:
                    batch_changed += 1
                if extra:
                    NameKey.objects.filter(person_id=pk, key__in=extra).delete()
                    batch_removed += len(extra)
                new += [NameKey(person_id=pk, key=key) for key in sorted(missing)]
            NameKey.objects.bulk_create(new, batch_size=2000)
            if batch_changed:
                audit_record(
                    action="search_keys.rebuilt",
                    actor_id=None,
                    actor_name=actor_name,
                    object_type="person",
                    object_id=f"{ids[0]}..{ids[-1]}",
                )
        done += len(ids)
        changed += batch_changed
        added += len(new)
        removed += batch_removed
        after = ids[-1]
        if progress is not None:
            progress(done)
    return RebuildResult(done, changed, added, removed)
