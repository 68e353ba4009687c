"""The form of the determination page; the request forms live with requests in cases."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class FactsForm(forms.Form):
    """The facts as JSON text, pre-filled from the record and editable."""

    facts = forms.CharField(
        label=_("Facts (JSON)"),
        widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "false", "dir": "ltr"}),
    )

    def clean_facts(self) -> dict[str, Any]:
        text = self.cleaned_data["facts"]
        try:
            value = json.loads(text)
        except json.JSONDecodeError as error:
            raise forms.ValidationError(
                _("Not valid JSON: %(problem)s at line %(line)s, column %(column)s."),
                params={
                    "problem": error.msg,
                    "line": error.lineno,
                    "column": error.colno,
                },
            ) from error
        if not isinstance(value, dict):
            raise forms.ValidationError(_("The facts must be one JSON object."))
        return value
