"""The rules of area `errors` (fixtures: tests/rules/errors/), one declaration per file."""
