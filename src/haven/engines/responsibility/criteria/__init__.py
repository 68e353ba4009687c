"""The criteria of Chapter III (Dublin III) and Part III Chapter II (AMMR)."""
