"""One checked notebook, the project's way: ``[tool.dlfault]`` settings in, suppressions
and baseline out. The headless check (cli.py) and the pytest plugin both use it::

    from dlfault_jupyter.project import prepare, finish
    plan = prepare(path, config=None, level=None)   # raises settings_file.SettingsError
    nb = cli.read_notebook(path)
    cli.execute(nb, path.resolve().parent, timeout, plan.kernel_args)
    findings, notes = finish(plan, nb, cli.findings_of(nb), baseline=None)

``prepare(path, *, config=None, level=None) -> Plan``: ``config`` is ``None`` (the first
pyproject.toml with ``[tool.dlfault]`` from the file's directory upwards), a path (that
file) or ``False`` (no file); ``level`` an explicit level that wins over the file.
``Plan.kernel_args`` are the ``--DLFault.*`` arguments for the kernel (settings, per-file
ignores; the kernel itself then reads no pyproject), ``Plan.level`` the level to print with.

``finish(plan, nb, findings, baseline=None) -> (findings, notes)``: drops what the notebook
and cell metadata (``dlfault.ignore``) suppress and, with a :class:`baseline.Baseline`, what
the baseline knows; ``notes`` are one-line warnings (unknown selectors in the metadata).
The inline ``# dlfault: ignore`` comments are applied in the kernel already.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .baseline import Baseline, sources_of
from .findings import Finding
from .settings_file import Settings, for_file
from .suppress import filter_notebook


@dataclass
class Plan:
    path: Path
    settings: Settings
    kernel_args: list[str] = field(default_factory=list)
    level: str = "beginner"


def prepare(path: Path | str, *, config: Path | str | bool | None = None,
            level: str | None = None) -> Plan:
    path = Path(path)
    settings = for_file(path, config)
    args = settings.kernel_args(path, {"level": level})
    return Plan(path, settings, args, level or settings.values.get("level") or "beginner")


def finish(plan: Plan, nb: Any, findings: list[Finding], baseline: Baseline | None = None
           ) -> tuple[list[Finding], list[str]]:
    findings, notes = filter_notebook(nb, findings)
    notes = [f"{plan.path}: {n}" for n in notes]
    if baseline is not None:
        findings = baseline.new_only(plan.path, sources_of(nb), findings)
    return findings, notes
