"""Rule ids that were removed; never reuse one (id -> reason)."""

RETIRED: dict[str, str] = {}
