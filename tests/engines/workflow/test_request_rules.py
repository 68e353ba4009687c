"""
What the request tables allow once a limit has passed, read from the texts.

- AMMR Art 41(1), second sentence: a take-back notification made late "shall not
  affect the obligation" of the responsible state to take the person back; an
  AMMR take-back draft never expires.
- AMMR Art 39(1), fourth subparagraph: for an unaccompanied minor the determining
  state may request a take charge "notwithstanding the expiry of the time limits"
  before a first decision on the substance, in the child's best interests.
- Dublin III Arts 22(7), 25(2); AMMR Arts 40, 41(4): once the reply limit passed
  in silence, the request was accepted (or its receipt confirmed): a refusal
  sent later cannot be recorded as one. Silence on an information request
  (Dublin III Art 34, AMMR Art 51), an Art 17(2) request or a re-examination
  (Reg. 1560/2003 Art 5(2)) is no acceptance, so a late refusal stays possible.
- AMMR Art 51 is "Information sharing" (Art 50 is not): the silence of an
  information request cites it.
"""

from __future__ import annotations

from datetime import date

import pytest

from haven.engines.kernel import limit
from haven.engines.workflow import (
    SILENCE,
    Context,
    GuardFailedError,
    IllegalTransitionError,
    RequestKind,
    request_leads_to_transfer,
    request_machine,
    request_silence,
)

TODAY = date(2027, 3, 1)
PAST = date(2027, 2, 1)
KINDS = [k.value for k in RequestKind]
REGIMES = ["dublin3", "ammr", "dubs"]


def step(kind, regime, source, target, *, role="dublin_officer", **facts):
    return request_machine(kind, regime).step(
        source,
        target,
        actor="ana",
        role=role,
        reason="noted",
        context=Context(TODAY, facts),
    )


def test_a_late_ammr_take_back_notification_does_not_expire():
    # AMMR Art 41(1): lateness "shall not affect the obligation" to take back.
    with pytest.raises(IllegalTransitionError):
        step("take_back", "ammr", "drafted", "expired", role="system", request_due=PAST)
    # It can still be sent after its two weeks.
    assert step("take_back", "ammr", "drafted", "sent", request_due=PAST).target == (
        "sent"
    )


@pytest.mark.parametrize(
    ("kind", "regime"),
    [("take_charge", "dublin3"), ("take_back", "dublin3"), ("take_charge", "ammr")],
)
def test_a_late_request_still_expires_where_the_text_says_so(kind, regime):
    # Dublin III Arts 21(1) third subparagraph and 23(3); AMMR Art 39(1) third
    # subparagraph: a request not made in time leaves the requesting state
    # responsible.
    done = step(kind, regime, "drafted", "expired", role="system", request_due=PAST)
    assert done.target == "expired"


def test_an_ammr_take_charge_for_an_unaccompanied_minor_does_not_expire():
    # AMMR Art 39(1) fourth subparagraph.
    with pytest.raises(GuardFailedError, match=r"unaccompanied minor.*Art 39\(1\)"):
        step(
            "take_charge",
            "ammr",
            "drafted",
            "expired",
            role="system",
            request_due=PAST,
            unaccompanied_minor=True,
        )
    assert (
        step(
            "take_charge",
            "ammr",
            "drafted",
            "sent",
            request_due=PAST,
            unaccompanied_minor=True,
        ).target
        == "sent"
    )


@pytest.mark.parametrize(
    ("kind", "regime", "counted", "article"),
    [
        ("take_charge", "dublin3", "acceptance", "Art 22(7)"),
        ("take_back", "dublin3", "acceptance", "Art 25(2)"),
        ("take_charge", "dubs", "acceptance", "Art 22(7)"),
        ("take_charge", "ammr", "acceptance", "Art 40"),
        ("take_back", "ammr", "confirmation", "Art 41(4)"),
    ],
)
@pytest.mark.parametrize("source", ["sent", "reply_due"])
def test_a_refusal_after_silence_became_acceptance_is_refused(
    kind, regime, counted, article, source
):
    with pytest.raises(GuardFailedError) as caught:
        step(kind, regime, source, "refused", reply_due=PAST)
    assert (
        f"the reply limit passed on 2027-02-01: silence already counted as "
        f"{counted} ({article})"
    ) in str(caught.value)
    # On the last day of the limit a refusal is still in time.
    assert step(kind, regime, source, "refused", reply_due=TODAY).target == "refused"
    # Without a known limit nothing has been counted.
    assert step(kind, regime, source, "refused").target == "refused"


@pytest.mark.parametrize("regime", REGIMES)
@pytest.mark.parametrize("kind", ["humanitarian", "re_examination"])
def test_silence_that_is_no_acceptance_leaves_a_late_refusal_possible(kind, regime):
    assert step(kind, regime, "reply_due", "refused", reply_due=PAST).target == (
        "refused"
    )


@pytest.mark.parametrize(
    ("kind", "regime", "article"),
    [
        ("information", "ammr", "AMMR Art 51"),
        ("information", "dublin3", "Dublin III Art 34(5)"),
        ("humanitarian", "ammr", "AMMR Art 35(2)"),
        ("take_charge", "ammr", "AMMR Art 40"),
    ],
)
def test_silence_cites_the_article_the_text_has(kind, regime, article):
    assert str(request_silence(kind, regime).citation) == article


@pytest.mark.parametrize("regime", ["dublin3", "ammr"])
@pytest.mark.parametrize("kind", KINDS)
def test_silence_is_the_kernel_tables_rule(kind, regime):
    """One home: what silence means and its provision come from the limits table."""
    row = limit(regime, kind, "reply")
    silence = SILENCE[(kind, regime)]
    assert str(silence.citation) == str(row.silence_citation or row.citation)
    assert silence.unverified is row.unverified


def test_the_ammr_re_examination_silence_cites_no_invented_article():
    # The AMMR implementing rules on re-examination could not be checked: the
    # citation must not name a paragraph, and the rule is flagged.
    silence = request_silence("re_examination", "ammr")
    assert "5(2)" not in str(silence.citation)
    assert silence.unverified is True


@pytest.mark.parametrize("regime", REGIMES)
def test_an_accepted_re_examination_leads_to_a_transfer(regime):
    # By accepting on re-examination the requested state becomes responsible.
    assert request_leads_to_transfer("re_examination", regime) is True
    done = step("re_examination", regime, "accepted", "transfer_due", role="caseworker")
    assert done.target == "transfer_due"
