"""
Log-in in two steps (password, then TOTP), authenticator set-up, and log-out.

Every answer to a wrong name, a wrong password or a wrong code is the same, and
every attempt counts against the name's throttle. Each outcome is audited in its
own transaction (specs/security.md R-05 to R-07, R-09; docs/adr/0015).
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import authenticate, login, logout
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from haven.apps.accounts.mfa import (
    mfa_check,
    mfa_is_enrolled,
    totp_enrol_confirm,
    totp_enrol_pending,
    totp_enrol_start,
    totp_uri,
)
from haven.apps.accounts.middleware import AUTH_AT, MFA_VERIFIED
from haven.apps.accounts.models import User, UserSession
from haven.apps.accounts.sessions import user_session_open
from haven.apps.accounts.throttle import (
    login_attempt_allowed,
    login_failure_record,
    login_success_record,
)
from haven.apps.audit.models import AuditEvent
from haven.apps.audit.services import audit_record
from haven.apps.errors import ApplicationError

PENDING = "haven_mfa_pending"
PENDING_SECONDS = 5 * 60
_Outcome = AuditEvent.Outcome


class PasswordForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("User name"), max_length=150)
    password = forms.CharField(
        label=gettext_lazy("Password"), strip=False, widget=forms.PasswordInput
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code from your authenticator, or a recovery code"),
        max_length=40,
    )


def _audit(action: str, outcome: str, user: User | None = None) -> None:
    with transaction.atomic():
        audit_record(
            action=action,
            actor_id=user.pk if user else None,
            actor_name=user.get_username() if user else "",
            object_type="user" if user else "",
            object_id=user.pk if user else "",
            outcome=outcome,
        )


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _complete(request: HttpRequest, user: User, *, verified: bool) -> None:
    now = timezone.now()
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session[AUTH_AT] = now.timestamp()
    request.session[MFA_VERIFIED] = verified
    request.session.save()
    user_session_open(user=user, session_key=request.session.session_key or "", now=now)


@sensitive_post_parameters("password")
@never_cache
def login_view(request: HttpRequest) -> HttpResponse:
    """First step: the password. Enrolled users go on to the code."""
    form = PasswordForm(request.POST or None)
    status, error = 200, ""
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        now = timezone.now()
        if not login_attempt_allowed(username=username, now=now):
            _audit("auth.login", _Outcome.DENIED)
            status = 429
            error = _("Too many attempts. Wait a few minutes and try again.")
        else:
            user = authenticate(
                request, username=username, password=form.cleaned_data["password"]
            )
            if not isinstance(user, User):
                login_failure_record(username=username, now=now)
                known = User.objects.filter(username=username).first()
                _audit("auth.login", _Outcome.FAILURE, known)
                error = _("Your user name and password did not match. Try again.")
            elif mfa_is_enrolled(user):
                request.session.cycle_key()
                request.session[PENDING] = {"user": user.pk, "at": now.timestamp()}
                query = urlencode({"next": _next(request)})
                return redirect(f"{reverse('accounts:login_verify')}?{query}")
            else:
                # The session and its audit event commit together or not at all.
                with transaction.atomic():
                    _complete(request, user, verified=False)
                    _audit("auth.login_password_only", _Outcome.SUCCESS, user)
                return redirect("accounts:mfa_enrol")
    return render(
        request,
        "accounts/login.html",
        {"form": form, "error": error, "next": _next(request)},
        status=status,
    )


@sensitive_post_parameters("code")
@never_cache
def login_verify_view(request: HttpRequest) -> HttpResponse:
    """Second step: a TOTP code or a recovery code, then the session opens."""
    pending = request.session.get(PENDING) or {}
    now = timezone.now()
    user = User.objects.filter(pk=int(pending.get("user") or 0), is_active=True).first()
    if user is None or now.timestamp() - float(pending.get("at", 0)) > PENDING_SECONDS:
        request.session.pop(PENDING, None)
        return redirect("accounts:login")
    form = CodeForm(request.POST or None)
    status, error = 200, ""
    if request.method == "POST" and form.is_valid():
        if not login_attempt_allowed(username=user.username, now=now):
            request.session.pop(PENDING, None)
            _audit("auth.mfa", _Outcome.DENIED, user)
            status = 429
            error = _("Too many attempts. Wait a few minutes and try again.")
        elif mfa_check(user=user, code=form.cleaned_data["code"], now=now):
            request.session.pop(PENDING, None)
            # The session and its audit event commit together or not at all.
            with transaction.atomic():
                _complete(request, user, verified=True)
                login_success_record(username=user.username)
                _audit("auth.login", _Outcome.SUCCESS, user)
            return redirect(_next(request))
        else:
            login_failure_record(username=user.username, now=now)
            _audit("auth.mfa", _Outcome.FAILURE, user)
            error = _("The code was not accepted. Try again.")
    return render(
        request,
        "accounts/login_verify.html",
        {"form": form, "error": error, "next": _next(request)},
        status=status,
    )


@never_cache
def mfa_enrol_view(request: HttpRequest) -> HttpResponse:
    """Set up the authenticator: show the secret and its URI, confirm with a code."""
    if not request.user.is_authenticated or not isinstance(request.user, User):
        return redirect("accounts:login")
    user = request.user
    if mfa_is_enrolled(user):
        return render(request, "accounts/mfa_enrol.html", {"enrolled": True})
    device = totp_enrol_pending(user=user) or totp_enrol_start(user=user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = totp_enrol_confirm(
                user=user, code=form.cleaned_data["code"], now=timezone.now()
            )
        except ApplicationError as error:
            form.add_error("code", error.field_errors.get("code", [error.message])[0])
        else:
            old_key = request.session.session_key
            request.session.cycle_key()
            request.session[MFA_VERIFIED] = True
            request.session.save()
            UserSession.objects.filter(session_key=old_key).update(
                session_key=request.session.session_key
            )
            login_success_record(username=user.username)
            _audit("auth.mfa_enrol", _Outcome.SUCCESS, user)
            return render(request, "accounts/mfa_enrol.html", {"recovery_codes": codes})
    secret = device.secret
    return render(
        request,
        "accounts/mfa_enrol.html",
        {
            "form": form,
            "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
            "uri": totp_uri(user=user, secret=secret),
        },
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    """End the session on the server and ask the browser to forget the site's data."""
    user = request.user if isinstance(request.user, User) else None
    if user is not None:
        _audit("auth.logout", _Outcome.SUCCESS, user)
        UserSession.objects.filter(session_key=request.session.session_key).delete()
    logout(request)
    response = redirect(settings.LOGOUT_REDIRECT_URL)
    response["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    return response
