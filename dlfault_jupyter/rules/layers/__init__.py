"""The rules of area `layers` (fixtures: tests/rules/layers/), one declaration per file."""
