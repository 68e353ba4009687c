"""The camp census dashboard and the list of places with their occupancy."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from haven.apps.accounts.roles import may_read_census
from haven.apps.core.views import role_required
from haven.apps.people.codes import COUNTRIES, NEED_CATEGORY_LABELS
from haven.apps.people.inputs import census_day
from haven.apps.people.models import Location
from haven.apps.people.selectors import census_get, locations_with_occupancy


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar of a horizontal bar chart, laid out in SVG units."""

    label: str
    value: int
    y: int
    width: int


@dataclass(frozen=True, slots=True)
class Chart:
    """A titled bar chart: its bars and the SVG height."""

    title: str
    bars: list[Bar]
    height: int


def bar_chart(title: str, rows: list[tuple[str, int]], *, width: int = 260) -> Chart:
    """Lay out ``rows`` as horizontal bars scaled to the largest value."""
    top = max((value for _, value in rows), default=0) or 1
    bars = [
        Bar(
            label=label,
            value=value,
            y=index * 26,
            width=max(1, round(width * value / top)) if value else 0,
        )
        for index, (label, value) in enumerate(rows)
    ]
    return Chart(title=title, bars=bars, height=max(26, len(rows) * 26))


@role_required(may_read_census)
def census_view(request: HttpRequest) -> HttpResponse:
    """Show counts by age band, sex, nationality, need and child status, with charts."""
    camps = Location.objects.filter(kind=Location.Kind.CAMP).order_by("name")
    camp = None
    key = request.GET.get("camp", "")
    if key:
        camp = camps.filter(key=key).first()
    today = timezone.localdate()
    on, problem = census_day(request.GET.get("on", ""), today=today)
    census = census_get(today=on, camp=camp)
    charts = [
        bar_chart(_("Age band"), census.by_age_band),
        bar_chart(_("Sex"), census.by_sex),
        bar_chart(
            _("Nationality"),
            [
                (str(COUNTRIES.get(code, code)), n)
                for code, n in census.by_nationality[:10]
            ],
        ),
        bar_chart(_("Child status"), census.by_child_status),
        bar_chart(
            _("Specific needs by category"),
            [(str(NEED_CATEGORY_LABELS.get(c, c)), n) for c, n in census.by_need],
        ),
    ]
    return render(
        request,
        "people/census.html",
        {
            "census": census,
            "charts": charts,
            "camps": camps,
            "camp": camp,
            "on": on,
            "today": today,
            "on_problem": problem,
        },
    )


@role_required(may_read_census)
def location_list_view(request: HttpRequest) -> HttpResponse:
    """List camps, sectors and reception centres with capacity and occupancy."""
    return render(
        request, "people/location_list.html", {"locations": locations_with_occupancy()}
    )
