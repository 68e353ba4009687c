"""Disclosures to parties outside the agency, behind the transfer gate (R-14)."""
