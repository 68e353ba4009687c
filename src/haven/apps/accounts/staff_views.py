"""
Pages for the system administrator: staff accounts and their live sessions.

An administrator lists a user's sessions and ends one or all of them, and disables
or enables an account; no page here shows a person's record, a session key or a
second-factor secret (specs/security.md R-06, T-S6(f); ASVS 5.0 7.4.5).
"""

from __future__ import annotations

from datetime import timedelta
from typing import cast

from django.conf import settings
from django.contrib import messages
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from haven.apps.accounts.models import TotpDevice, User
from haven.apps.accounts.roles import may_manage_accounts
from haven.apps.accounts.sessions import (
    user_disable,
    user_enable,
    user_session_end,
    user_session_rows,
    user_sessions_end,
)
from haven.apps.errors import ApplicationError
from haven.apps.people.views.access import audit_read, role_required


def _admin(request: HttpRequest) -> User:
    return cast(User, request.user)


def _user_or_404(pk: int) -> User:
    user = User.objects.filter(pk=pk).first()
    if user is None:
        raise Http404
    return user


@role_required(may_manage_accounts)
def user_list_view(request: HttpRequest) -> HttpResponse:
    """List staff accounts: role, agency, team, second factor and live sessions."""
    enrolled = TotpDevice.objects.filter(
        user=OuterRef("pk"), confirmed_at__isnull=False
    )
    now = timezone.now()
    opened_after = now - timedelta(seconds=settings.SESSION_ABSOLUTE_AGE)
    users = (
        User.objects.annotate(
            mfa=Exists(enrolled),
            live=Count(
                "sessions",
                filter=Q(
                    sessions__session_key__in=Session.objects.filter(
                        expire_date__gt=now
                    ).values("session_key"),
                    sessions__created_at__gt=opened_after,
                ),
            ),
        )
        .order_by("agency", "team", "username")
        .only("username", "role", "agency", "team", "is_active", "last_login")
    )
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
            "mfa": TotpDevice.objects.filter(
                user=user, confirmed_at__isnull=False
            ).exists(),
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
        ended = user_sessions_end(user=user, actor=_admin(request))
        messages.success(
            request,
            _("%(count)d session(s) of %(user)s ended.")
            % {"count": ended, "user": user.username},
        )
    elif which.isdigit():
        try:
            user_session_end(user=user, session_id=int(which), actor=_admin(request))
        except ApplicationError:
            messages.error(request, _("That session had already ended."))
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
        user_disable(user=user, actor=_admin(request))
        messages.success(
            request,
            _("%(user)s is disabled; every session of theirs has ended.")
            % {"user": user.username},
        )
    else:
        user_enable(user=user, actor=_admin(request))
        messages.success(request, _("%(user)s is enabled.") % {"user": user.username})
    return redirect("accounts:user_detail", user.pk)
