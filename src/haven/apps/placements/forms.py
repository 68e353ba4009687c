"""Forms of the ledger and allocation pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from haven.apps.people.forms import choice_field
from haven.engines.allocation import OBJECTIVES, SOLVERS

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class RunForm(forms.Form):
    """Run the optimiser on a scheme's pledges, or on an uploaded CSV pair."""

    scheme = forms.ChoiceField(label=_("Scheme"), required=False)
    solver = forms.ChoiceField(
        label=_("Solver"),
        choices=[(name, name) for name in SOLVERS],
        initial="mip",
    )
    objective = forms.ChoiceField(
        label=_("Objective"),
        choices=[(name, name) for name in OBJECTIVES],
        initial="mix",
    )
    families_file = forms.FileField(label=_("Families CSV"), required=False)
    places_file = forms.FileField(label=_("Places CSV"), required=False)

    def __init__(
        self, *args: Any, schemes: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self.fields["scheme"]).choices = [
            ("", _("(uploaded files)")),
            *schemes,
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        files = (data.get("families_file"), data.get("places_file"))
        if any(files) and not all(files):
            raise forms.ValidationError(_("Upload both files, or neither."))
        if not any(files) and not data.get("scheme"):
            raise forms.ValidationError(_("Choose a scheme or upload both files."))
        for upload in files:
            if upload is not None and upload.size > MAX_UPLOAD_BYTES:
                raise forms.ValidationError(_("A file is larger than 5 MB."))
        return data


class OverrideForm(forms.Form):
    """Change one family's placement; the reason is mandatory."""

    family_id = forms.ChoiceField(label=_("Family"))
    place_id = forms.ChoiceField(label=_("Place"), required=False)
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )

    def __init__(
        self,
        *args: Any,
        families: list[tuple[str, str]],
        places: list[str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self.fields["family_id"]).choices = families
        choice_field(self.fields["place_id"]).choices = [
            ("", _("(not placed)")),
            *((place, place) for place in places),
        ]
