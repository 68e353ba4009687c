"""
Decision letters: HTML from the template of the person's language, PDF from it.

Each language has its own template (``cases/letters/<lang>/decision.html``), whose
text is the translation; a language not yet reviewed by a translator prints a
notice saying so at the top of the letter.
"""

from __future__ import annotations

from datetime import date

from django.template.loader import render_to_string

from haven.apps.cases.models import Decision
from haven.apps.cases.reasons import LETTER_LANGUAGES, REASON_CODES
from haven.engines.workflow import APPEAL_ROUTES


def letter_html(*, decision: Decision, language: str, issued_on: date) -> str:
    """Return the letter for ``decision`` in ``language`` as a full HTML page."""
    person = decision.case.person
    lang = LETTER_LANGUAGES[language]
    route = APPEAL_ROUTES.get(decision.appeal_route)
    period = None
    if route is not None:
        period = {"months": route.months, "weeks": route.weeks, "days": route.days}
    return render_to_string(
        f"cases/letters/{language}/decision.html",
        {
            "lang": lang,
            "decision": decision,
            "accepted": decision.outcome == "accepted",
            "first_name": person.given_name or person.name_native,
            "full_name": person.full_name,
            "name_native": person.name_native,
            "registration_number": person.registration_number,
            "reason_label": REASON_CODES[decision.reason_code].letter_label(language),
            "route": route,
            "period": period,
            "issued_on": issued_on,
            "contact": decision.case.contact,
        },
    )


def letter_pdf(html: str) -> bytes:
    """Return the PDF of a letter's HTML (fonts: Noto, for Arabic and Ethiopic)."""
    # WeasyPrint loads fonts and Pango on import; only letters need it.
    import weasyprint  # noqa: PLC0415

    document: bytes = weasyprint.HTML(string=html).write_pdf()
    return document
