"""Responsibility determinations of people, and the Dublin requests they lead to."""
