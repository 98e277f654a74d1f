"""Regenerate what is generated from the rule registry: docs/rules.md and the rule list in
README.md (between the ``rules:start``/``rules:end`` markers). Run: ``make docs``."""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dlfault_jupyter.docs import reference, rules_table  # noqa: E402

START, END = "<!-- rules:start -->", "<!-- rules:end -->"


def readme_block() -> str:
    return f"{START}\n{rules_table()}{END}"


def updated_readme(text: str) -> str:
    return re.sub(re.escape(START) + r".*?" + re.escape(END), lambda _m: readme_block(), text,
                  flags=re.S)


def main() -> None:
    (ROOT / "docs").mkdir(exist_ok=True)
    (ROOT / "docs" / "rules.md").write_text(reference())
    readme = ROOT / "README.md"
    readme.write_text(updated_readme(readme.read_text()))


if __name__ == "__main__":
    main()
