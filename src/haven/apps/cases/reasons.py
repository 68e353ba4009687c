"""
The controlled lists of a decision: its subjects, reason codes and letter languages.

Labels shown to staff go through gettext. A letter is written in the person's
language from its own template (``templates/cases/letters/<lang>/``); the reason
labels it quotes are given here per letter language, each marked reviewed or not.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True, slots=True)
class LetterLanguage:
    """A language letters and the status page are written in."""

    code: str
    name: str
    rtl: bool
    reviewed: bool


# Only English is the source text; every other letter language waits for review by
# a translator, and letters say so.
LETTER_LANGUAGES: Final[dict[str, LetterLanguage]] = {
    language.code: language
    for language in (
        LetterLanguage("en", "English", rtl=False, reviewed=True),
        LetterLanguage("fr", "Français", rtl=False, reviewed=False),
        LetterLanguage("ar", "العربية", rtl=True, reviewed=False),
        LetterLanguage("fa", "دری", rtl=True, reviewed=False),
        LetterLanguage("ti", "ትግርኛ", rtl=False, reviewed=False),
    )
}


def letter_language_for(languages: list[str]) -> str:
    """Return the first of a person's languages that letters exist in, else English."""
    for code in languages:
        if code in LETTER_LANGUAGES:
            return code
        if code == "ps":
            # Pashto speakers from Afghanistan mostly read Dari; the caseworker can
            # change the letter language on the case.
            return "fa"
    return "en"


@dataclass(frozen=True, slots=True)
class ReasonCode:
    """One reason a decision may give, with its label in each letter language."""

    code: str
    outcome: str
    label: Promise
    in_letter: dict[str, str] = field(default_factory=dict)

    def letter_label(self, language: str) -> str:
        """Return the label in ``language`` for a letter, English when missing."""
        return self.in_letter.get(language) or self.in_letter["en"]


ACCEPTED = "accepted"
REFUSED = "refused"

REASON_CODES: Final[dict[str, ReasonCode]] = {
    reason.code: reason
    for reason in (
        ReasonCode(
            "family_link_not_established",
            REFUSED,
            _("Family link not established"),
            {
                "en": "The family link with your relative was not established.",
                "fr": "Le lien familial avec votre parent n'a pas été établi.",
                "ar": "لم تثبت صلة القرابة بينك وبين قريبك.",
                "fa": "رابطهٔ خانوادگی شما با خویشاوندتان ثابت نشد.",
                "ti": "ምስ ዘመድካ ዘለካ ዝምድና ኣይተረጋገጸን።",
            },
        ),
        ReasonCode(
            "relative_not_legally_present",
            REFUSED,
            _("Relative not legally present"),
            {
                "en": "Your relative is not legally present in that country.",
                "fr": "Votre parent ne séjourne pas légalement dans ce pays.",
                "ar": "قريبك غير مقيم بصورة قانونية في ذلك البلد.",
                "fa": "خویشاوند شما به‌طور قانونی در آن کشور حضور ندارد.",
                "ti": "ዘመድካ ኣብቲ ሃገር ብሕጋዊ መንገዲ ኣይቅመጥን።",
            },
        ),
        ReasonCode(
            "not_in_best_interests",
            REFUSED,
            _("Not in the child's best interests"),
            {
                "en": "The move was found not to be in your best interests.",
                "fr": "Le transfert n'a pas été jugé conforme à votre intérêt "
                "supérieur.",
                "ar": "تبيّن أن النقل ليس في مصلحتك الفضلى.",
                "fa": "انتقال به سود و مصلحت عالی شما تشخیص داده نشد.",
                "ti": "እቲ ምግዓዝ ንዝበለጸ ረብሓኻ ከም ዘይኮነ ተረጋጊጹ።",
            },
        ),
        ReasonCode(
            "assessed_as_adult",
            REFUSED,
            _("Age assessed as adult"),
            {
                "en": "An age assessment found that you are an adult.",
                "fr": "Une évaluation de l'âge a conclu que vous êtes majeur.",
                "ar": "خلص تقييم العمر إلى أنك بالغ.",
                "fa": "ارزیابی سن نشان داد که شما بزرگسال هستید.",
                "ti": "ግምገማ ዕድመ ዓቢ ሰብ ከም ዝኾንካ ኣረጋጊጹ።",
            },
        ),
        ReasonCode(
            "responsibility_ceased",
            REFUSED,
            _("Responsibility ceased"),
            {
                "en": "That country is no longer responsible for your application.",
                "fr": "Ce pays n'est plus responsable de votre demande.",
                "ar": "لم يعد ذلك البلد مسؤولاً عن طلبك.",
                "fa": "آن کشور دیگر مسئول درخواست شما نیست.",
                "ti": "እታ ሃገር ድሕሪ ሕጂ ንሕቶኻ ሓላፍነት የብላን።",
            },
        ),
        ReasonCode(
            "time_limit_expired",
            REFUSED,
            _("Time limit expired"),
            {
                "en": "The time limit for the request had passed.",
                "fr": "Le délai pour la demande était dépassé.",
                "ar": "انقضت المهلة المحددة للطلب.",
                "fa": "مهلت درخواست گذشته بود.",
                "ti": "እቲ ግዜ ገደብ ናይቲ ሕቶ ሓሊፉ ነይሩ።",
            },
        ),
        ReasonCode(
            "criteria_not_met",
            REFUSED,
            _("Eligibility criteria not met"),
            {
                "en": "You do not meet the criteria of the scheme.",
                "fr": "Vous ne remplissez pas les critères du dispositif.",
                "ar": "لا تستوفي شروط البرنامج.",
                "fa": "شما شرایط این برنامه را ندارید.",
                "ti": "ረቛሒታት ናይቲ መደብ ኣየማላእካን።",
            },
        ),
        ReasonCode(
            "not_in_need_of_protection",
            REFUSED,
            _("Not in need of international protection"),
            {
                "en": "You were found not to need international protection.",
                "fr": "Il a été conclu que vous n'avez pas besoin de protection "
                "internationale.",
                "ar": "تبيّن أنك لا تحتاج إلى حماية دولية.",
                "fa": "تشخیص داده شد که شما به حمایت بین‌المللی نیاز ندارید.",
                "ti": "ዓለምለኻዊ ሓለዋ ከም ዘየድልየካ ተረጋጊጹ።",
            },
        ),
        ReasonCode(
            "family_member_present",
            ACCEPTED,
            _("Family member legally present"),
            {
                "en": "A family member of yours is legally present in that country.",
                "fr": "Un membre de votre famille séjourne légalement dans ce pays.",
                "ar": "أحد أفراد عائلتك مقيم بصورة قانونية في ذلك البلد.",
                "fa": "یکی از اعضای خانوادهٔ شما به‌طور قانونی در آن کشور است.",
                "ti": "ሓደ ኣባል ስድራኻ ኣብታ ሃገር ብሕጋዊ መንገዲ ይቅመጥ።",
            },
        ),
        ReasonCode(
            "dependency_or_humanitarian",
            ACCEPTED,
            _("Dependency or humanitarian grounds"),
            {
                "en": "You are accepted on grounds of dependency or on humanitarian "
                "grounds.",
                "fr": "Vous êtes accepté pour des raisons de dépendance ou "
                "humanitaires.",
                "ar": "قُبلت لأسباب تتعلق بالإعالة أو لأسباب إنسانية.",
                "fa": "شما به دلیل وابستگی یا به دلایل بشردوستانه پذیرفته شدید.",
                "ti": "ብምኽንያት ምርኵስ ወይ ብሰብኣዊ ምኽንያት ተቐቢልናካ።",
            },
        ),
        ReasonCode(
            "scheme_criteria_met",
            ACCEPTED,
            _("Scheme criteria met (s.67)"),
            {
                "en": "You meet the criteria of the scheme for children.",
                "fr": "Vous remplissez les critères du dispositif pour les enfants.",
                "ar": "تستوفي شروط البرنامج الخاص بالأطفال.",
                "fa": "شما شرایط برنامهٔ ویژهٔ کودکان را دارید.",
                "ti": "ረቛሒታት ናይቲ ንቆልዑ ዝኸውን መደብ ኣማሊእካ።",
            },
        ),
        ReasonCode(
            "deemed_accepted",
            ACCEPTED,
            _("Accepted by silence (reply period ended)"),
            {
                "en": "The other country did not reply in time, so it must accept.",
                "fr": "L'autre pays n'a pas répondu à temps; il doit donc accepter.",
                "ar": "لم يرد البلد الآخر في الوقت المحدد، لذا عليه القبول.",
                "fa": "کشور دیگر به‌موقع پاسخ نداد، پس باید بپذیرد.",
                "ti": "እታ ካልኣይቲ ሃገር ብግዜኡ ስለ ዘይመለሰት ክትቅበል ኣለዋ።",
            },
        ),
    )
}


class Subject:
    """What a decision decides."""

    REQUEST_REPLY = "request_reply"
    ELIGIBILITY = "eligibility"
    PROTECTION = "protection"


SUBJECTS: Final[dict[str, Promise]] = {
    Subject.REQUEST_REPLY: _("Reply to a take-charge or take-back request"),
    Subject.ELIGIBILITY: _("Eligibility for transfer (s.67)"),
    Subject.PROTECTION: _("Need of international protection"),
}

OUTCOMES: Final[dict[str, Promise]] = {
    ACCEPTED: _("Accepted"),
    REFUSED: _("Refused"),
}
