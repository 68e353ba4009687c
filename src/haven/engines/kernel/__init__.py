"""
The shared kernel of the engines: citations, reasons, deadlines, dates, the regimes
and the one table of time limits.

Imports the standard library only.
"""

from haven.engines.kernel.childhood import ChildStatusOn, child_status_on
from haven.engines.kernel.citation import INSTRUMENT_NAMES, Citation
from haven.engines.kernel.construct import frozen_constructor
from haven.engines.kernel.dates import (
    add_days,
    add_months,
    age_on,
    is_working_day,
    next_working_day,
    period_end,
)
from haven.engines.kernel.deadline import Deadline
from haven.engines.kernel.errors import EngineError
from haven.engines.kernel.limits import (
    HUMANITARIAN,
    INFORMATION,
    LIMITS,
    RE_EXAMINATION,
    REQUEST_KINDS,
    TAKE_BACK,
    TAKE_CHARGE,
    TRANSFER_EXTENSIONS,
    Event,
    LimitRule,
    Silence,
    UnknownLimitError,
    due,
    limit,
    limits_for,
)
from haven.engines.kernel.reason import Outcome, Reason
from haven.engines.kernel.regime import Regime
from haven.engines.kernel.states import (
    STATE_CODE_ALIASES,
    normalise_state_code,
    state_code_notes,
)

__all__ = [
    "HUMANITARIAN",
    "INFORMATION",
    "INSTRUMENT_NAMES",
    "LIMITS",
    "RE_EXAMINATION",
    "REQUEST_KINDS",
    "TAKE_BACK",
    "TAKE_CHARGE",
    "TRANSFER_EXTENSIONS",
    "ChildStatusOn",
    "Citation",
    "Deadline",
    "EngineError",
    "Event",
    "LimitRule",
    "Outcome",
    "Reason",
    "Regime",
    "Silence",
    "UnknownLimitError",
    "add_days",
    "add_months",
    "frozen_constructor",
    "age_on",
    "child_status_on",
    "due",
    "is_working_day",
    "limit",
    "limits_for",
    "next_working_day",
    "period_end",
    "STATE_CODE_ALIASES",
    "normalise_state_code",
    "state_code_notes",
]
