"""Pure-Python domain engines: no Django, no files, no network, no clock."""
