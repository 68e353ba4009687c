"""Pages of the ledger and of allocation runs."""
