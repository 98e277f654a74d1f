"""``docs/rules.md`` is generated from the rule registry and must not be stale."""

from __future__ import annotations

from pathlib import Path

from dlfault_jupyter.docs import reference
from dlfault_jupyter.rules import REGISTRY, load_all

DOC = Path(__file__).resolve().parent.parent / "docs" / "rules.md"
REGEN = "python -m dlfault_jupyter rules --markdown > docs/rules.md   (or: make docs)"


def test_rule_reference_is_up_to_date():
    assert DOC.is_file(), f"docs/rules.md is missing; generate it with: {REGEN}"
    assert DOC.read_text(encoding="utf-8") == reference(), \
        f"docs/rules.md is stale (rules changed since it was generated); regenerate: {REGEN}"


def test_rule_reference_names_every_rule():
    load_all()
    text = DOC.read_text(encoding="utf-8")
    missing = [rid for rid in REGISTRY if f"### {rid} " not in text]
    assert not missing, f"docs/rules.md lacks {missing}; regenerate: {REGEN}"
