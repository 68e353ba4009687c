"""Quotas, pledges, placements and allocation runs (``haven.engines.allocation``)."""
