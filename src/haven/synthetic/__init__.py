"""
Synthetic, seeded populations for demos, tests and benchmarks.

Pure Python: never imports Django. Every person it makes is invented; no real person's
data is ever used (specs/security.md).
"""
