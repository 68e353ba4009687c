"""Exports: encrypted by default, formula-safe, audited, gone after 30 days (R-12)."""
