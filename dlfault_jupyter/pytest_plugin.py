"""pytest plugin: ``pytest --dlfault notebooks/`` checks each notebook as a test item.

Registered under the ``pytest11`` entry point; it does nothing unless ``--dlfault`` is
given. Each ``.ipynb`` is one item, run exactly as ``python -m dlfault_jupyter check``
runs it (a fresh kernel with the extension loaded, the ``[tool.dlfault]`` settings,
suppressions and an optional baseline); the item fails when a finding is at or above
the threshold (``--dlfault-fail-on``, ini ``dlfault_fail_on``: error, warning (default) or
info), and the failure report lists the findings in the text format. Percent-format ``.py``
scripts are items when named on the command line, or everywhere with ``--dlfault-percent``.

With pytest-xdist (``-n auto``) the items, and so the kernels, spread over the workers
— those of other machines too (``--tx ssh=…``): no scheduler of our own.
"""

from __future__ import annotations

import fnmatch
from pathlib import Path
from typing import Any

import pytest

from .findings import SEVERITY_RANK, Finding

FAIL_ON = ("error", "warning", "info")


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("dlfault", "deep-learning faults in notebooks (dlfault_jupyter)")
    group.addoption("--dlfault", action="store_true", default=False,
                    help="check each notebook (.ipynb) as a test item")
    group.addoption("--dlfault-fail-on", choices=FAIL_ON, default=None,
                    help="fail a notebook with a finding of this severity or worse "
                         "(default: ini dlfault_fail_on, or warning)")
    group.addoption("--dlfault-percent", action="store_true", default=False,
                    help="also check percent-format .py scripts (with a '# %%' line) "
                         "found in the directories given")
    group.addoption("--dlfault-level", choices=("beginner", "expert"), default=None,
                    help="explanations in the failure report (default: [tool.dlfault] "
                         "level, or beginner)")
    group.addoption("--dlfault-baseline", default=None, metavar="FILE",
                    help="report only findings this baseline (check --write-baseline) "
                         "does not record")
    group.addoption("--dlfault-timeout", type=int, default=600, metavar="S",
                    help="seconds per cell (default 600)")
    parser.addini("dlfault_fail_on", "severity that fails a notebook: error, warning or info",
                  default="warning")


def _on(config: pytest.Config) -> bool:
    return bool(config.getoption("dlfault", False))


def _is_percent(path: Path) -> bool:
    try:
        with path.open(encoding="utf-8") as fh:
            return any(line.startswith("# %%") for line in fh)
    except (OSError, UnicodeDecodeError):
        return False


def _python_collects(path: Path, parent: pytest.Collector) -> bool:
    """Whether pytest's own Python plugin makes a test module of this ``.py`` file."""
    if parent.session.isinitpath(path):
        return True
    return any(fnmatch.fnmatch(path.name, pat) for pat in parent.config.getini("python_files"))


def pytest_configure(config: pytest.Config) -> None:
    if _on(config):
        fail_on = config.getoption("dlfault_fail_on") or config.getini("dlfault_fail_on")
        if fail_on not in FAIL_ON:
            raise pytest.UsageError(f"dlfault_fail_on = {fail_on!r}: one of "
                                    f"{', '.join(FAIL_ON)}")
        config.addinivalue_line("markers", "dlfault: a notebook checked by dlfault_jupyter")


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if not _on(parent.config):
        return None
    if file_path.suffix == ".ipynb" and ".ipynb_checkpoints" not in file_path.parts:
        return NotebookFile.from_parent(parent, path=file_path)
    if (file_path.suffix == ".py" and parent.config.getoption("dlfault_percent")
            and not _python_collects(file_path, parent) and _is_percent(file_path)):
        return NotebookFile.from_parent(parent, path=file_path)
    return None


@pytest.hookimpl(tryfirst=True)
def pytest_pycollect_makemodule(module_path: Path, parent: pytest.Collector) -> Any:
    """A percent script named on the command line (or any, with ``--dlfault-percent``)
    is checked, not imported as a test module (importing it would run it)."""
    if not _on(parent.config):
        return None
    if (parent.session.isinitpath(module_path) or parent.config.getoption("dlfault_percent")) \
            and _is_percent(module_path):
        return NotebookFile.from_parent(parent, path=module_path)
    return None


class NotebookFile(pytest.File):
    def collect(self):  # type: ignore[override]
        yield NotebookItem.from_parent(self, name=self.path.name)


class DLFaultFindings(Exception):
    """A notebook has findings at or above the threshold."""

    def __init__(self, result: dict[str, Any], failing: list[Finding], level: str) -> None:
        super().__init__(f"{len(failing)} finding(s)")
        self.result, self.failing, self.level = result, failing, level


class NotebookItem(pytest.Item):
    def __init__(self, **kw: Any) -> None:
        super().__init__(**kw)
        self.add_marker("dlfault")

    def runtest(self) -> None:
        from .cli import UsageError, check_path

        config = self.config
        baseline = None
        if config.getoption("dlfault_baseline"):
            from .baseline import load

            baseline = load(config.getoption("dlfault_baseline"))
        try:
            result = check_path(self.path, config.getoption("dlfault_level"),
                                config.getoption("dlfault_timeout"), None, baseline)
        except UsageError as e:
            raise pytest.fail.Exception(f"dlfault: {e}", pytrace=False) from None
        fail_on = config.getoption("dlfault_fail_on") or config.getini("dlfault_fail_on")
        limit = SEVERITY_RANK[fail_on]
        findings: list[Finding] = result["findings"]
        self.user_properties.append(("dlfault_findings", len(findings)))
        failing = [f for f in findings if SEVERITY_RANK[f.severity] <= limit]
        if failing:
            level = config.getoption("dlfault_level") or "beginner"
            raise DLFaultFindings(result, failing, level)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException],
                     style: Any = None) -> Any:
        if isinstance(excinfo.value, DLFaultFindings):
            from .formats import to_text

            e = excinfo.value
            return to_text([e.result], e.level).rstrip("\n")
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, f"dlfault: {self.path}"
