"""
Pages for the system administrator: staff accounts and their live sessions.

An administrator lists a user's sessions and ends one or all of them, and disables
or enables an account; no page here shows a person's record, a session key or a
second-factor secret (specs/security.md R-06, T-S6(f); ASVS 5.0 7.4.5).
"""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from haven.apps.accounts.models import User
from haven.apps.accounts.roles import may_manage_accounts
from haven.apps.accounts.selectors import (
    mfa_enrolled,
    staff_account_get,
    staff_accounts,
)
from haven.apps.accounts.sessions import (
    user_disable,
    user_enable,
    user_session_end,
    user_session_rows,
    user_sessions_end,
)
from haven.apps.core.actors import Actor
from haven.apps.core.views import audit_read, role_required
from haven.apps.errors import ApplicationError


def _user_or_404(pk: int) -> User:
    user = staff_account_get(pk=pk)
    if user is None:
        raise Http404
    return user


@role_required(may_manage_accounts)
def user_list_view(request: HttpRequest) -> HttpResponse:
    """List staff accounts: role, agency, team, second factor and live sessions."""
    users = staff_accounts(now=timezone.now())
    return render(request, "accounts/user_list.html", {"users": users})


@role_required(may_manage_accounts)
def user_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Show one account and its live sessions, with the actions on them."""
    user = _user_or_404(pk)
    with transaction.atomic():
        audit_read(request, "user", user.pk)
    return render(
        request,
        "accounts/user_detail.html",
        {
            "account": user,
            "sessions": user_session_rows(user=user, now=timezone.now()),
            "mfa": mfa_enrolled(user=user),
            "own": user.pk == request.user.pk,
        },
    )


@require_POST
@role_required(may_manage_accounts)
def user_sessions_end_view(request: HttpRequest, pk: int) -> HttpResponse:
    """End one session (``session`` = its id) or every session (``all``)."""
    user = _user_or_404(pk)
    which = request.POST.get("session", "").strip()
    if which == "all":
        ended = user_sessions_end(user=user, actor=Actor.of_request(request))
        messages.success(
            request,
            ngettext(
                "%(count)d session of %(user)s ended.",
                "%(count)d sessions of %(user)s ended.",
                ended,
            )
            % {"count": ended, "user": user.username},
        )
    elif which.isascii() and which.isdigit() and len(which) <= 18:
        try:
            user_session_end(
                user=user, session_id=int(which), actor=Actor.of_request(request)
            )
        except ApplicationError:
            messages.error(request, _("session: that session had already ended."))
        else:
            messages.success(
                request, _("A session of %(user)s ended.") % {"user": user.username}
            )
    else:
        messages.error(request, _("session: choose a session to end, or all of them."))
    return redirect("accounts:user_detail", user.pk)


@require_POST
@role_required(may_manage_accounts)
def user_active_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Disable an account (ending its sessions) or enable it again."""
    user = _user_or_404(pk)
    wanted = request.POST.get("active", "")
    if wanted not in ("0", "1"):
        messages.error(
            request, _("active: choose to disable or to enable the account.")
        )
    elif wanted == "0" and user.pk == request.user.pk:
        messages.error(request, _("You cannot disable your own account."))
    elif wanted == "0":
        if user_disable(user=user, actor=Actor.of_request(request)):
            messages.success(
                request,
                _("%(user)s is disabled; every session of theirs has ended.")
                % {"user": user.username},
            )
        else:
            messages.error(
                request,
                _("active: %(user)s was already disabled.") % {"user": user.username},
            )
    elif user_enable(user=user, actor=Actor.of_request(request)):
        messages.success(request, _("%(user)s is enabled.") % {"user": user.username})
    else:
        messages.error(
            request, _("active: %(user)s was already active.") % {"user": user.username}
        )
    return redirect("accounts:user_detail", user.pk)
