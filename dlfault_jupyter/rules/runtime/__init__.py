"""The rules of area `runtime` (fixtures: tests/rules/runtime/), one declaration per file."""
