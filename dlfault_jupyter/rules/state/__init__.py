"""The rules of area `state` (fixtures: tests/rules/state/), one declaration per file."""
