from __future__ import annotations

import difflib
import re
from collections.abc import Iterator

from ...context import CellContext
from ...registry import Evidence, Rule, Texts, register


def _closest(selector: str) -> str | None:
    """A rule id, name or category the selector most likely meant: the same id written
    differently (``DLF_T203``, ``dlft203``), or a name/category one or two letters off."""
    from ...registry import load_all
    from ...taxonomy import CATEGORIES

    rules = list(load_all().values())
    flat = re.sub(r"[^A-Z0-9]", "", selector.upper())
    for r in rules:
        if re.sub(r"[^A-Z0-9]", "", r.id) == flat:
            return r.id
    words = [r.name for r in rules] + list(CATEGORIES)
    best = difflib.get_close_matches(selector.lower(), words, n=1, cutoff=0.85)
    return best[0] if best else None


def _fixed_line(text: str, selector: str, guess: str | None) -> str | None:
    """The line with ``selector`` replaced by ``guess``, or dropped (and the whole
    directive when nothing is left: a bare ``# dlfault: ignore`` would silence more);
    None when the line is only the directive (it is deleted)."""
    from ...suppress import DIRECTIVE_RE, split_selectors

    for m in DIRECTIVE_RE.finditer(text):
        if m.group(1) is None:
            continue
        sels = split_selectors(m.group(1))
        if selector != "[]" and selector not in sels:
            continue
        keep = [guess if s == selector and guess else s for s in sels
                if s != selector or guess]
        if keep:
            new = f"# dlfault: ignore[{', '.join(keep)}]"
            return text[:m.start()] + new + text[m.end():]
        before = text[:m.start()].rstrip()
        rest = text[m.end():].strip()
        if not before:
            return None
        return before + (f"  {rest}" if rest else "")
    return text.strip()


@register
class UnknownSuppression(Rule):
    id = "DLF-A201"
    name = "unknown-suppression"
    title = "A suppression comment names no rule"
    taxonomy = "api"
    severity = "info"
    silent = False
    evidence = "source"
    message = ("`# dlfault: ignore[{selector}]` names no rule, category or rule name, so it "
               "suppresses nothing: {hint}")
    beginner = """This line asks dlfault to stay quiet about `{selector}`, but no check has
that id or name, so nothing is hidden and the finding you meant to silence (if any) is still
shown. Ids look like `DLF-T203`, names like `missing-zero-grad`; `%dlcheck rules` lists
them."""
    expert = """Suppression selectors are resolved against the rule registry (ids,
case-insensitive; kebab-case names) and the taxonomy (`training.loss`, or a top level such
as `training`). `{selector}` matched none of them: a typo, or a rule id from another tool.
Like ruff's RUF100 for `noqa`, an unknown selector is reported rather than silently
ignored, because it usually means a finding is not suppressed the way the author thinks."""
    fix = """{fixed}"""
    texts = {
        "empty_brackets": Texts(hint="name at least one rule between the brackets, or drop "
                                     "them"),
        "did_you_mean": Texts(hint="did you mean `{guess}`?"),
        "no_guess": Texts(hint="`%dlcheck rules` lists the ids and names"),
        # the line is only the directive
        "delete_line": Texts(fix="# (delete this line: it suppresses nothing)"),
    }

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        from ...suppress import parse

        for line, selector in parse(ctx.source.text).unknown:
            guess = _closest(selector) if selector != "[]" else None
            hint = "empty_brackets" if selector == "[]" else \
                "did_you_mean" if guess else "no_guess"
            fixed = _fixed_line(ctx.source.line_text(line), selector, guess)
            yield Evidence(line=line, key=(line, selector),
                           variant=(hint,) if fixed is not None else (hint, "delete_line"),
                           selector=selector, guess=guess, fixed=fixed)
