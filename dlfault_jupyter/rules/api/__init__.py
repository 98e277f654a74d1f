"""The rules of area `api` (fixtures: tests/rules/api/), one declaration per file."""
