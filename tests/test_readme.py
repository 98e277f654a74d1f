"""The README shows the two commands first and its rule list is the generated one."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from gen_docs import readme_block  # noqa: E402


def test_readme_starts_with_the_two_commands() -> None:
    text = (ROOT / "README.md").read_text()
    first_code = text.split("```bash", 1)[1].split("```", 1)[0]
    assert "make lab" in first_code and "make test" in first_code


def test_readme_rule_list_is_generated() -> None:
    text = (ROOT / "README.md").read_text()
    assert readme_block() in text, "README rule list is stale: run `make docs`"


def test_ci_runs_make_test() -> None:
    assert "make test" in (ROOT / ".ci" / "run").read_text()
