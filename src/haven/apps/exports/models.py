"""
A stored export: the file as it was handed out, kept for at most 30 days.

The file is kept under the field keyring (``EncryptedTextField``), whether it was
handed out sealed under a passphrase or, for a holder of ``export_plaintext``, in
the clear. The passphrase itself is never stored. ``token`` names the export in its
download URL, so the URL says nothing about what is inside.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from haven.apps.crypto.fields import EncryptedTextField


class Export(models.Model):
    """One file made by one user, downloadable by them until ``expires_at``."""

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    row_uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=60)
    filename = models.CharField(_("file name"), max_length=120)
    media_type = models.CharField(_("media type"), max_length=80)
    encrypted = models.BooleanField(_("encrypted"), default=True)
    rows = models.PositiveIntegerField(_("rows"))
    size = models.PositiveIntegerField(_("size in bytes"))
    # The delivered bytes in base64, sealed with the field keyring.
    content = EncryptedTextField(_("content"), row_uid_field="row_uid")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="exports",
    )
    created_at = models.DateTimeField(_("created at"))
    expires_at = models.DateTimeField(_("expires at"), db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        permissions = [
            ("export_plaintext", _("May export files without encryption")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("created_at")),
                name="export_expires_after_creation",
            )
        ]

    def __str__(self) -> str:
        return f"export {self.pk} ({self.kind})"
