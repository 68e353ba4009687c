"""The plumbing every app shares: who acts, role checks, problem responses."""
