"""
The responsibility engine: Dublin III, the AMMR and UK s.67, as pure functions.

>>> result = determine({"determination_date": "2016-11-02",
...     "applicant": {"date_of_birth": "1990-01-01", "unaccompanied": False},
...     "applications": [{"state": "FR", "date": "2016-10-24"}]})
>>> str(result.article)
'Dublin III Art 3(2) first subparagraph'
"""

from haven.engines.responsibility.citations import (
    AMMR_RULES,
    DUBLIN_III_RULES,
    UNVERIFIED,
    RegimeRules,
)
from haven.engines.responsibility.engine import determine, determine_responsibility
from haven.engines.responsibility.errors import (
    FactError,
    InvalidFactsError,
    ResponsibilityError,
)
from haven.engines.responsibility.facts import Facts, Request
from haven.engines.responsibility.hashing import (
    ENGINE_VERSION,
    canonical_json,
    facts_hash,
)
from haven.engines.responsibility.parsing import parse_facts
from haven.engines.responsibility.regime import select_regime
from haven.engines.responsibility.replies import REPLY_KINDS, reply_deadline
from haven.engines.responsibility.result import CriterionResult, Determination, Flag
from haven.engines.responsibility.s67 import VERSIONS as S67_VERSIONS
from haven.engines.responsibility.s67 import CriteriaVersion
from haven.engines.responsibility.schema import json_schema
from haven.engines.responsibility.states import KNOWN_STATES

__all__ = [
    "AMMR_RULES",
    "DUBLIN_III_RULES",
    "ENGINE_VERSION",
    "KNOWN_STATES",
    "REPLY_KINDS",
    "S67_VERSIONS",
    "UNVERIFIED",
    "CriteriaVersion",
    "CriterionResult",
    "Determination",
    "FactError",
    "Facts",
    "Flag",
    "InvalidFactsError",
    "RegimeRules",
    "Request",
    "ResponsibilityError",
    "canonical_json",
    "determine",
    "determine_responsibility",
    "facts_hash",
    "json_schema",
    "parse_facts",
    "reply_deadline",
    "select_regime",
]
