"""Audit: the append-only, hash-chained record of who did what (R-09, R-10)."""
