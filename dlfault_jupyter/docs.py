"""The rule reference, generated from the registry and the rule fixtures (never written
twice): ``%dlcheck explain ID``, ``docs/rules.md`` and the README's rule list."""

from __future__ import annotations

import string
from pathlib import Path

from .rules import REGISTRY, Rule, load_all
from .taxonomy import CATEGORIES

# The rule fixtures (bad.py/good.py per rule): tests/rules in a checkout; in a wheel they are
# shipped as package data, dlfault_jupyter/examples (pyproject.toml: force-include)
_PACKAGED = Path(__file__).resolve().parent / "examples"
_CHECKOUT = Path(__file__).resolve().parent.parent / "tests" / "rules"
FIXTURES = _PACKAGED if _PACKAGED.is_dir() else _CHECKOUT


def fixture_dir(cls: type[Rule]) -> Path | None:
    for d in FIXTURES.glob(f"*/{cls.id}-*") if FIXTURES.is_dir() else ():
        return d
    return None


def _example(cls: type[Rule], which: str) -> str | None:
    d = fixture_dir(cls)
    p = d / f"{which}.py" if d else None
    return p.read_text() if p and p.is_file() else None


class _Field(str):
    def __format__(self, spec: str) -> str:  # `{ratio:.1f}` shows as ‹ratio›
        return str(self)


class _ShownFields(dict):
    def __missing__(self, key: str) -> _Field:
        return _Field(f"‹{key}›")


def _show(t: str | None) -> str:
    """A template as the docs show it: each evidence field as ‹field›, braces unescaped."""
    if not t:
        return ""
    try:
        return t.format_map(_ShownFields())
    except (ValueError, IndexError, KeyError, AttributeError):
        return t


def _plain(t: str) -> str:
    return " ".join(_show(t).split()) if t else ""


def rule_markdown(cls: type[Rule], examples: bool = True) -> str:
    """One rule's documentation in Markdown (the fields are the declaration's templates)."""
    fw = ", ".join(cls.frameworks) or "any"
    lines = [
        f"### {cls.id} `{cls.name}`",
        "",
        f"**{cls.title}**",
        "",
        f"- category: `{cls.taxonomy}` ({CATEGORIES[cls.taxonomy].name})",
        f"- severity: {cls.severity}{' · silent' if cls.silent else ''}",
        f"- evidence: {cls.evidence} · scope: {cls.scope} · frameworks: {fw}",
        "",
        f"Message: {_plain(cls.message)}",
        "",
        f"*For beginners.* {_plain(cls.beginner)}",
        "",
        f"*For experts.* {_plain(cls.expert)}",
    ]
    if cls.fix:
        lines += ["", "Fix:", "", "```python", _show(cls.fix).strip(), "```"]
    lines += _variants_markdown(cls)
    if cls.known_false_alarms:
        lines += ["", f"*When this can be a false alarm.* {_plain(cls.known_false_alarms)}"]
    if cls.references:
        lines += ["", "References: " + ", ".join(f"<{r}>" for r in cls.references)]
    if examples:
        for which, title in (("bad", "Example that triggers it"), ("good", "Corrected")):
            ex = _example(cls, which)
            if ex:
                lines += ["", f"{title}:", "", "```python", ex.strip(), "```"]
    return "\n".join(lines) + "\n"


def _variants_markdown(cls: type[Rule]) -> list[str]:
    """Every text variant of a rule (``Rule.texts``): the texts it replaces and the parts
    (‹part›) it fills, each field of the evidence as ‹field›."""
    texts = getattr(cls, "texts", None) or {}
    if not texts:
        return []
    fixes = [cls.fix or "", *(v.templates.get("fix", "") for v in texts.values())]
    code = {"fix"} | {f for t in fixes for _, f, _, _ in string.Formatter().parse(t) if f}
    out = ["", f"Text variants ({len(texts)}; a finding is written with the texts above, "
           "the parts and replacements of its variant filled in):"]
    for name, variant in texts.items():
        picked = " (a run of this framework)" if cls.evidence == "runtime" and \
            name in ("torch", "keras") else ""
        out += ["", f"- `{name}`{picked}"]
        for key, t in variant.templates.items():
            if key in code:   # the fix, or a part of it
                out += [f"  - {key}:", "", "    ```python",
                        *(f"    {ln}".rstrip() for ln in _show(t).strip().splitlines()),
                        "    ```"]
            else:
                out.append(f"  - {key}: {_plain(t) or '(nothing)'}")
    return out


def rules_table() -> str:
    load_all()
    rows = ["| id | name | category | severity | silent | frameworks |",
            "|---|---|---|---|---|---|"]
    for cls in sorted(REGISTRY.values(), key=lambda c: c.id):
        rows.append(f"| {cls.id} | `{cls.name}` | `{cls.taxonomy}` | {cls.severity} | "
                    f"{'yes' if cls.silent else ''} | {', '.join(cls.frameworks) or 'any'} |")
    return "\n".join(rows) + "\n"


def reference() -> str:
    load_all()
    out = ["# dlfault_jupyter rule reference", "",
           "Generated from the rule registry by `python -m dlfault_jupyter rules --markdown`; "
           "do not edit by hand (a test fails when it is stale).", "", rules_table()]
    for tax in CATEGORIES:
        rules = sorted((c for c in REGISTRY.values() if c.taxonomy == tax), key=lambda c: c.id)
        if not rules:
            continue
        out += [f"## `{tax}` — {CATEGORIES[tax].name}", ""]
        out += [rule_markdown(c) for c in rules]
    return "\n".join(out)
