"""Template filters for people pages: age, child status, countries, languages, needs."""

from __future__ import annotations

from datetime import date

from django import template
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from haven.apps.people.codes import COUNTRIES, LANGUAGES, NEED_CODE_BY_CODE
from haven.apps.people.inputs import age_on
from haven.apps.people.models import Person
from haven.apps.people.selectors import child_status_label, child_status_of

register = template.Library()


@register.filter
def age(born: date | None) -> str:
    """Return the age today in whole years, or an empty string."""
    if born is None:
        return ""
    return str(age_on(born, timezone.localdate()))


@register.filter
def child_status_today(person: Person) -> str:
    """
    Return the person's child status as of today, derived from age (not the one
    recorded at registration), with "age disputed" when the benefit of the doubt
    makes them a child.
    """
    status = child_status_of(person, on=timezone.localdate())
    label = child_status_label(status)
    if status.benefit_of_the_doubt and status.is_child:
        return f"{label} ({_('benefit of the doubt')})"
    return label


@register.filter
def child_status_name(status: str) -> str:
    """Return the label of a child status value."""
    return str(dict(Person.ChildStatus.choices).get(status, status))


@register.filter
def countries(codes: list[str] | None) -> str:
    """Return country names for ISO codes, comma-separated."""
    return ", ".join(str(COUNTRIES.get(code, code)) for code in codes or [])


@register.filter
def languages(codes: list[str] | None) -> str:
    """Return language names for ISO 639 codes, comma-separated."""
    return ", ".join(str(LANGUAGES.get(code, code)) for code in codes or [])


@register.filter
def need_label(code: str) -> str:
    """Return the label of a specific-needs code."""
    need = NEED_CODE_BY_CODE.get(code)
    return str(need.label) if need else code


EVENT_LABELS = {
    "registered": _("registered"),
    "updated": _("updated"),
    "need recorded": _("specific need recorded"),
    "consent given": _("consent given"),
    "consent withdrawn": _("consent withdrawn"),
    "voided": _("record voided"),
    "restored": _("record restored"),
    "records merged": _("records merged"),
    "merge undone": _("merge undone"),
}


@register.filter
def event_label(action: str) -> str:
    """Return the translated label of a history entry's action."""
    return str(EVENT_LABELS.get(action, action))


@register.filter
def conflict_label(kind: str) -> str:
    """
    Name a kind of record held on both sides of a merge ("cases.Case", or a
    person's field as "people.Person.household") by its own verbose name.
    """
    parts = kind.split(".")
    try:
        model = apps.get_model(".".join(parts[:2]))
        if len(parts) == 3:
            return str(capfirst(model._meta.get_field(parts[2]).verbose_name))
        return str(capfirst(model._meta.verbose_name))
    except (LookupError, ValueError, FieldDoesNotExist):
        return kind
