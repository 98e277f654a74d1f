"""The rules of area `tensors` (fixtures: tests/rules/tensors/), one declaration per file."""
