"""The ``haven`` console command."""
