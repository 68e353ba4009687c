"""Pages for registering, finding and editing people, and the camp census."""
