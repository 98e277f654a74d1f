"""The rules of area `model` (fixtures: tests/rules/model/), one declaration per file."""
