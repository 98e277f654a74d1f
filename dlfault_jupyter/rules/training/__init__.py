"""The rules of area `training` (fixtures: tests/rules/training/), one declaration per file."""
