"""The rules of area `gpu` (fixtures: tests/rules/gpu/), one declaration per file."""
