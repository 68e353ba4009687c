from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Staff users, roles and the access policy."""

    name = "haven.apps.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from haven.apps.accounts.checks import policy_covers_routes

        checks.register(policy_covers_routes, checks.Tags.security)
