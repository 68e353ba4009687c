"""haven: from first contact at a border camp to a lawful, reasoned and fast outcome."""

__version__ = "0.1.0"
