"""Benchmarks of dlfault_jupyter: ``python -m benchmarks`` (``make bench``) writes RESULTS.md.

Each module has ``main(tiny=False) -> dict`` returning ``{"title": str, "markdown": str, ...}``;
``tiny=True`` is the smoke run used by the tests (seconds, never rots).
"""
