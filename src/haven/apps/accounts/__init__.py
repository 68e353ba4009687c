"""Accounts: staff users, their role and agency, log-in."""
