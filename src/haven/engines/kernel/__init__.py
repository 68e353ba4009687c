"""
The shared kernel of the engines: citations, reasons, deadlines, dates, the regimes.

Imports the standard library only.
"""

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
from haven.engines.kernel.reason import Outcome, Reason
from haven.engines.kernel.regime import Regime
from haven.engines.kernel.states import (
    STATE_CODE_ALIASES,
    normalise_state_code,
    state_code_notes,
)

__all__ = [
    "INSTRUMENT_NAMES",
    "Citation",
    "Deadline",
    "EngineError",
    "Outcome",
    "Reason",
    "Regime",
    "add_days",
    "add_months",
    "frozen_constructor",
    "age_on",
    "is_working_day",
    "next_working_day",
    "period_end",
    "STATE_CODE_ALIASES",
    "normalise_state_code",
    "state_code_notes",
]
