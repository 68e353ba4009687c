"""Placement of whole families into places; public names live in the parent."""
