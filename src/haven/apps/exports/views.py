"""Pages of the exports: the one-time passphrase, and the download."""

from __future__ import annotations

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from haven.apps.core.actors import Actor
from haven.apps.errors import NotFoundError
from haven.apps.exports.services import (
    ExportExpiredError,
    MadeExport,
    export_download,
)


def export_ready(request: HttpRequest, made: MadeExport) -> HttpResponse:
    """
    Show the new export's download link and, once, its passphrase.

    Rendered as the answer to the POST that made it, never stored: a reload asks
    the browser to post again, which makes a new export with a new passphrase.
    """
    return render(
        request,
        "exports/export_ready.html",
        {"export": made.export, "passphrase": made.passphrase},
    )


@login_required
@require_GET
def export_download_view(request: HttpRequest, token: UUID) -> HttpResponse:
    """Send an export to the user who made it, until it expires."""
    try:
        file = export_download(
            token=str(token), actor=Actor.of_request(request), now=timezone.now()
        )
    except NotFoundError as error:
        raise Http404(error.message) from error
    except ExportExpiredError as error:
        return render(request, "exports/export_expired.html", status=error.status)
    response = HttpResponse(file.content, content_type=file.media_type)
    response["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    return response
