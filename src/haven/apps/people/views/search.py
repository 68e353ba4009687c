"""Find people by a name in any script, or by registration number."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from haven.apps.accounts.policy import readable_groups, scope_q
from haven.apps.accounts.roles import may_read_people
from haven.apps.core.views import role_required
from haven.apps.people.codes import COUNTRIES
from haven.apps.people.forms import SearchForm
from haven.apps.people.selectors import person_search

RESULT_LIMIT = 100


@role_required(may_read_people)
def person_search_view(request: HttpRequest) -> HttpResponse:
    """Search by POST, so that names never appear in URLs or access logs."""
    form = SearchForm(request.POST or None)
    results = None
    total = 0
    if request.method == "POST" and form.is_valid():
        found = person_search(
            query=form.cleaned_data["q"],
            within=scope_q(request.user, "person", "read"),
        )
        total = found.count()
        results = list(found[:RESULT_LIMIT])
    return render(
        request,
        "people/person_search.html",
        {
            "form": form,
            "results": results,
            "total": total,
            "limit": RESULT_LIMIT,
            "today": timezone.localdate(),
            "countries": COUNTRIES,
            "fields": readable_groups(request.user),
        },
    )


def age_label(born: date | None, today: date) -> str:
    """Return the age in years, or an empty string when the birth date is unknown."""
    if born is None:
        return ""
    return str(
        today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    )
