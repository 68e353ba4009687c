"""
The one list of regimes haven applies, shared by every engine and the apps.

The values are what the database stores ("dublin3", "ammr", "dubs"); the instruments
behind them are Reg. (EU) No 604/2013 (Dublin III, applications lodged before
12 June 2026), Reg. (EU) 2024/1351 (the AMMR, applications from that day) and the
UK's Immigration Act 2016 s.67 (the Dubs scheme).
"""

from __future__ import annotations

from enum import StrEnum


class Regime(StrEnum):
    """A legal regime that decides responsibility and its time limits."""

    DUBLIN3 = "dublin3"
    AMMR = "ammr"
    DUBS = "dubs"

    @property
    def label(self) -> str:
        """The name a caseworker reads."""
        return _LABELS[self]

    @property
    def instrument(self) -> str:
        """The instrument's number as citations write it."""
        return _INSTRUMENTS[self]


_LABELS = {
    Regime.DUBLIN3: "Dublin III",
    Regime.AMMR: "AMMR",
    Regime.DUBS: "UK s.67",
}
_INSTRUMENTS = {
    Regime.DUBLIN3: "604/2013",
    Regime.AMMR: "2024/1351",
    Regime.DUBS: "Immigration Act 2016 s.67",
}
