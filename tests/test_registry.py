"""The registry is complete and consistent (ESLint's checkRuleFiles, pylint's doc test)."""

from __future__ import annotations

import re
import string
from pathlib import Path

from dlfault_jupyter.rules import ID_RE, LETTER_AREAS, REGISTRY, load_all
from dlfault_jupyter.rules._retired import RETIRED
from dlfault_jupyter.taxonomy import CATEGORIES

FIXTURES = Path(__file__).parent / "rules"


def test_fifteen_taxonomy_ids() -> None:
    assert len(CATEGORIES) == 15
    assert set(CATEGORIES) == {
        "model.type", "model.layers.choice", "model.layers.properties",
        "model.layers.activation", "tensors.shape", "tensors.input",
        "training.hyperparameters", "training.loss", "training.validation",
        "training.preprocessing", "training.optimizer", "training.data_quality",
        "training.process", "gpu", "api"}


def test_every_rule_is_complete() -> None:
    load_all()
    assert REGISTRY
    names = set()
    for rid, cls in REGISTRY.items():
        m = ID_RE.match(rid)
        assert m and cls.taxonomy in LETTER_AREAS[m.group(1)], rid
        assert rid not in RETIRED
        assert cls.name not in names, f"duplicate name {cls.name}"
        names.add(cls.name)
        for attr in ("title", "message", "beginner", "expert"):
            text = getattr(cls, attr)
            assert isinstance(text, str), f"{rid}.{attr}"
            whole_part = re.fullmatch(r"\{(\w+)\}", text.strip())
            if whole_part:   # the whole text is one part declared by each of its variants
                parts = [t.templates[whole_part.group(1)] for t in (cls.texts or {}).values()
                         if whole_part.group(1) in t.templates]
                assert parts, f"{rid}.{attr}: no variant declares {{{whole_part.group(1)}}}"
                assert all(len(p.strip()) >= 20 for p in parts), f"{rid}.{attr} too short"
            else:
                assert len(text.strip()) >= 20, f"{rid}.{attr} too short"
        assert cls.severity in ("error", "warning", "info")
        assert isinstance(cls.silent, bool)
        # the beginner text tells what to do; the expert text is not a copy of it
        assert cls.beginner.strip() != cls.expert.strip(), rid


def test_every_rule_has_bad_and_good_examples() -> None:
    load_all()
    for rid, cls in REGISTRY.items():
        dirs = list(FIXTURES.glob(f"*/{rid}-*"))
        assert len(dirs) == 1, f"{rid}: expected one fixture folder, found {dirs}"
        d = dirs[0]
        assert d.name == f"{rid}-{cls.name}", f"{d.name} should be {rid}-{cls.name}"
        bad, good = d / "bad.py", d / "good.py"
        assert bad.is_file() and good.is_file(), f"{rid}: bad.py and good.py needed"
        assert re.search(rf"expect:.*{rid}", bad.read_text()), f"{rid}: bad.py has no expect"


def test_no_orphan_fixture_folders() -> None:
    load_all()
    for d in FIXTURES.glob("*/DLF-*"):
        assert d.name[:8] in REGISTRY, f"fixture folder {d} has no rule"


def test_message_placeholders_are_well_formed() -> None:
    load_all()
    for cls in REGISTRY.values():
        for t in (cls.message, cls.beginner, cls.expert, cls.fix):
            if t:
                list(string.Formatter().parse(t))


def test_registration_rejects_bad_declarations() -> None:
    import pytest

    from dlfault_jupyter.rules import Rule, register

    base = dict(name="x-y", title="t" * 25, taxonomy="training.process", severity="error",
                silent=True, evidence="source", message="m" * 25, beginner="b" * 25,
                expert="e" * 25)
    with pytest.raises(ValueError, match="id must match"):
        register(type("R", (Rule,), {**base, "id": "T001"}))
    with pytest.raises(ValueError, match="does not fit taxonomy"):
        register(type("R", (Rule,), {**base, "id": "DLF-G999"}))
    with pytest.raises(ValueError, match="duplicate id"):
        register(type("R", (Rule,), {**base, "id": "DLF-T001", "name": "other-name"}))
    with pytest.raises(ValueError, match="missing beginner"):
        register(type("R", (Rule,), {**base, "id": "DLF-T998", "beginner": ""}))
