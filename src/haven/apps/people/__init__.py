"""People: registration, names in every script, households, needs, consent, places."""
