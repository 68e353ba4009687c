"""The ledger dashboard (pledged, delivered, remaining over time) and its exports."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from haven.apps.accounts.roles import may_read_ledger
from haven.apps.core.actors import Actor
from haven.apps.core.views import role_required
from haven.apps.errors import PermissionDeniedError
from haven.apps.exports.services import may_export_plaintext
from haven.apps.exports.views import export_ready
from haven.apps.placements.exports import ledger_export
from haven.apps.placements.selectors import (
    TimelinePoint,
    ledger_timeline,
    pledge_list,
    scheme_get,
    scheme_list,
    scheme_summary,
)

WIDTH = 600
HEIGHT = 230
LEFT = 50
BOTTOM = 60


@dataclass(frozen=True, slots=True)
class Series:
    """One line of the chart: a CSS class, a label and its SVG points."""

    css: str
    label: str
    points: str
    colour: str
    legend_x: int


@dataclass(frozen=True, slots=True)
class LineChart:
    """Lines over time with the axis labels, laid out in SVG units."""

    series: list[Series]
    top: int
    first: str
    last: str
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - 10
    axis_y: int = HEIGHT - BOTTOM
    label_y: int = HEIGHT - BOTTOM + 18
    legend_y: int = HEIGHT - 12


def line_chart(points: list[TimelinePoint]) -> LineChart | None:
    """Lay out cumulative pledged, delivered and the cap as step lines over time."""
    if not points:
        return None
    top = max(max(p.pledged, p.delivered, p.cap or 0) for p in points) or 1
    start, end = points[0].day, points[-1].day
    span = max((end - start).days, 1)
    plot_w, plot_h = WIDTH - LEFT - 10, HEIGHT - BOTTOM - 10

    def x(index: int) -> float:
        return LEFT + plot_w * (points[index].day - start).days / span

    def y(value: int) -> float:
        return 10 + plot_h * (1 - value / top)

    def steps(values: list[int | None]) -> str:
        coords: list[str] = []
        previous: int | None = None
        for index, value in enumerate(values):
            if value is None:
                continue
            if previous is not None:
                coords.append(f"{x(index):.1f},{y(previous):.1f}")
            coords.append(f"{x(index):.1f},{y(value):.1f}")
            previous = value
        if previous is not None:
            coords.append(f"{LEFT + plot_w:.1f},{y(previous):.1f}")
        return " ".join(coords)

    lines: list[tuple[str, str, str, list[int | None]]] = [
        ("pledged", _("Pledged"), "#2563eb", [p.pledged for p in points]),
        ("delivered", _("Delivered"), "#16a34a", [p.delivered for p in points]),
    ]
    if any(p.cap is not None for p in points):
        lines.append(("cap", _("Cap"), "#dc2626", [p.cap for p in points]))
    series = [
        Series(css, label, steps(values), colour, LEFT + index * 140)
        for index, (css, label, colour, values) in enumerate(lines)
    ]
    return LineChart(
        series=series, top=top, first=start.isoformat(), last=end.isoformat()
    )


@role_required(may_read_ledger)
def ledger_view(request: HttpRequest) -> HttpResponse:
    """Show each scheme's cap, pledges and deliveries, with a chart over time."""
    schemes = list(scheme_list())
    key = request.GET.get("scheme", "")
    scheme = scheme_get(key=key) if key else (schemes[0] if schemes else None)
    if key and scheme is None:
        raise Http404
    context: dict[str, object] = {"schemes": schemes, "scheme": scheme}
    if scheme is not None:
        timeline = ledger_timeline(scheme=scheme)
        context.update(
            summary=scheme_summary(scheme=scheme),
            pledges=pledge_list(scheme=scheme),
            chart=line_chart(timeline),
            timeline=timeline,
            may_export_plaintext=may_export_plaintext(request.user.pk),
        )
    return render(request, "placements/ledger.html", context)


@role_required(may_read_ledger)
@require_POST
def ledger_export_view(request: HttpRequest) -> HttpResponse:
    """
    Export the pledges as CSV, or HXL-tagged CSV with ``format=hxl``.

    Encrypted unless ``plaintext`` is ticked by a holder of export_plaintext.
    """
    key = request.POST.get("scheme", "")
    scheme = scheme_get(key=key) if key else None
    if key and scheme is None:
        raise Http404
    try:
        made = ledger_export(
            pledges=pledge_list(scheme=scheme),
            scheme=scheme,
            hxl=request.POST.get("format") == "hxl",
            actor=Actor.of_request(request),
            now=timezone.now(),
            plaintext=request.POST.get("plaintext") == "1",
        )
    except PermissionDeniedError as error:
        raise PermissionDenied(error.message) from error
    return export_ready(request, made)
