"""DRF plumbing: problem+json errors, pagination, the v1 router and the schema."""
