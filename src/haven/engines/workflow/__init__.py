"""
State machines of casework: a person's case, take-charge and take-back requests,
appeals, transfers (custody) and missing-person alerts, with their time limits.

Pure Python: each step is checked against a transition table (roles, guards, a
mandatory reason) and comes back as a ``Step`` to record; the date is passed in.
"""

from haven.engines.workflow.deadlines import (
    APPEAL_ROUTES,
    REQUEST_KINDS,
    TAKE_BACK,
    TAKE_CHARGE,
    TRANSFER_EXTENSIONS,
    AppealRoute,
    appeal_deadline,
    check_in_due,
    is_overdue,
    re_examination_reply_deadline,
    re_examination_request_deadline,
    reply_deadline,
    request_deadline,
    transfer_deadline,
)
from haven.engines.workflow.errors import (
    GuardFailedError,
    IllegalTransitionError,
    ReasonRequiredError,
    RoleNotAllowedError,
    TransitionRefusedError,
    UnknownStateError,
    WorkflowError,
)
from haven.engines.workflow.machines import (
    ALERT,
    APPEAL,
    CASE,
    MACHINES,
    REQUEST,
    SYSTEM,
    TRANSFER,
)
from haven.engines.workflow.metrics import Entry, StageTime, median_days, stage_times
from haven.engines.workflow.states import (
    AlertState,
    AppealState,
    CaseState,
    RequestState,
    TransferState,
)
from haven.engines.workflow.transitions import Context, Machine, Step, Transition

__all__ = [
    "ALERT",
    "APPEAL",
    "APPEAL_ROUTES",
    "CASE",
    "MACHINES",
    "REQUEST",
    "REQUEST_KINDS",
    "SYSTEM",
    "TAKE_BACK",
    "TAKE_CHARGE",
    "TRANSFER",
    "TRANSFER_EXTENSIONS",
    "AlertState",
    "AppealRoute",
    "AppealState",
    "CaseState",
    "Context",
    "Entry",
    "GuardFailedError",
    "IllegalTransitionError",
    "Machine",
    "ReasonRequiredError",
    "RequestState",
    "RoleNotAllowedError",
    "StageTime",
    "Step",
    "Transition",
    "TransferState",
    "TransitionRefusedError",
    "UnknownStateError",
    "WorkflowError",
    "appeal_deadline",
    "check_in_due",
    "is_overdue",
    "median_days",
    "re_examination_reply_deadline",
    "re_examination_request_deadline",
    "reply_deadline",
    "request_deadline",
    "stage_times",
    "transfer_deadline",
]
