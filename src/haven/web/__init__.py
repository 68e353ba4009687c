"""UI plumbing: the base template, static files, security headers, the home page."""
