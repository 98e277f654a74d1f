"""Scaffold a new rule: ``python scripts/new_rule.py DLF-T042 my-fault-name training.process``.

Prints the declaration stub to paste into the rule module of its area and creates the
fixture folder ``tests/rules/<area>/<ID>-<name>/`` with a ``bad.py`` and a ``good.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dlfault_jupyter.rules import ID_RE, LETTER_AREAS, NAME_RE, lookup  # noqa: E402

AREA = {"M": "model", "L": "layers", "S": "tensors", "T": "training", "G": "gpu", "A": "api",
        "E": "errors", "N": "state"}

STUB = '''
@register
class {cls}(Rule):
    id = "{id}"
    name = "{name}"
    title = "TODO: one line naming the fault"
    taxonomy = "{taxonomy}"
    severity = "warning"
    silent = True
    evidence = "namespace"  # namespace | source | exception | runtime
    frameworks = ("torch",)
    message = "TODO: what is wrong here, with `{{subject}}` and the numbers seen."
    beginner = """TODO: plain words, and what to do."""
    expert = """TODO: the precise mechanism."""
    fix = """TODO: code using {{subject}}"""
    known_false_alarms = ""
    references = ()

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        yield from ()
'''


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__)
        return 2
    rid, name, taxonomy = argv
    m = ID_RE.match(rid)
    if not m or not NAME_RE.match(name) or taxonomy not in LETTER_AREAS[m.group(1)]:
        print("bad id, name or taxonomy (see dlfault_jupyter/rules/__init__.py)")
        return 2
    if lookup(rid) or lookup(name):
        print(f"{rid} or {name} exists already")
        return 2
    folder = ROOT / "tests" / "rules" / AREA[m.group(1)] / f"{rid}-{name}"
    folder.mkdir(parents=True, exist_ok=False)
    (folder / "bad.py").write_text(f"# %%\nimport torch\n\n# %% expect: {rid}\n")
    (folder / "good.py").write_text("# %%\nimport torch\n\n# %%\n")
    cls = "".join(p.capitalize() for p in name.split("-"))
    print(STUB.format(cls=cls, id=rid, name=name, taxonomy=taxonomy))
    print(f"# fixtures: {folder.relative_to(ROOT)}/{{bad,good}}.py")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
