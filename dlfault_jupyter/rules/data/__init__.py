"""The rules of area `data` (fixtures: tests/rules/data/), one declaration per file."""
