"""State codes (ISO 3166-1 alpha-2) and which instruments bind each state."""

from __future__ import annotations

from datetime import date

EU_STATES: frozenset[str] = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "HR",
        "CY",
        "CZ",
        "DK",
        "EE",
        "FI",
        "FR",
        "DE",
        "GR",
        "HU",
        "IE",
        "IT",
        "LV",
        "LT",
        "LU",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SK",
        "SI",
        "ES",
        "SE",
    ]
)
ASSOCIATED_STATES: frozenset[str] = frozenset({"IS", "LI", "NO", "CH"})
UNITED_KINGDOM = "GB"
KNOWN_STATES: frozenset[str] = EU_STATES | ASSOCIATED_STATES | {UNITED_KINGDOM}

# States applying the common visa list of Reg. 2018/1806: every state above except
# Ireland and the United Kingdom. A visa-waived national is waived in all of them.
COMMON_VISA_LIST: frozenset[str] = KNOWN_STATES - {"IE", UNITED_KINGDOM}

# The UK applied Dublin III to applications lodged up to IP completion day.
UK_DUBLIN_LAST_DAY = date(2020, 12, 31)

DUBLIN_III_STATES: frozenset[str] = EU_STATES | ASSOCIATED_STATES
DUBLIN_III_STATES_WITH_UK: frozenset[str] = DUBLIN_III_STATES | {UNITED_KINGDOM}
AMMR_STATES: frozenset[str] = EU_STATES | ASSOCIATED_STATES
