"""``[tool.dlfault]`` in ``pyproject.toml``: the project's settings, read by the headless
check (from each checked file's directory upwards) and by the extension in the kernel (from
the kernel's working directory upwards — the notebook's directory in JupyterLab)::

    [tool.dlfault]
    ignore = ["DLF-A006", "training.hyperparameters"]   # ids, names, categories
    select = ["training", "gpu"]                        # only these (default: all)
    level = "expert"
    budget_ms = 500
    [tool.dlfault.per-file-ignores]
    "legacy/*.ipynb" = ["DLF-T203"]
    "**/demo_*.py" = ["tensors"]

The keys are those of the ``DLFault.*`` traitlets (config.py): ``muted`` (alias ``ignore``),
``select``, ``level``, ``budget_ms`` (or ``budget-ms``), ``enabled``, ``debug``,
``display_mode``, plus ``per-file-ignores`` (glob, relative to the pyproject's directory,
or a file name → selectors). The first ``pyproject.toml`` with a ``[tool.dlfault]`` table
wins; settings given explicitly (``--DLFault.level=…``, ``c.DLFault…`` in a config file,
``%config``, the CLI's ``--level``) win over it.

API: :func:`find` (the file for a directory), :func:`load` (→ :class:`Settings`, raising
:class:`SettingsError` on a bad file), :meth:`Settings.kernel_args` (the kernel command line
for one checked file), :func:`apply_to_config` (the extension at load time) and
:func:`unselected` (rule ids that ``muted``/``select`` switch off).
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FILE = "pyproject.toml"
_ALIASES = {"ignore": "muted", "budget-ms": "budget_ms", "display-mode": "display_mode",
            "per_file_ignores": "per-file-ignores"}
_TYPES: dict[str, Any] = {"muted": list, "select": list, "level": ("beginner", "expert"),
                          "budget_ms": (int, float), "enabled": bool, "debug": bool,
                          "display_mode": ("auto", "widget", "static", "text"),
                          "per-file-ignores": dict}


class SettingsError(ValueError):
    """A ``[tool.dlfault]`` table that cannot be used (one line, names the file)."""


def _toml(path: Path) -> dict[str, Any]:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        try:
            import tomli as tomllib  # type: ignore[no-redef]
        except ModuleNotFoundError as e:
            raise SettingsError(f"{path}: reading it needs Python 3.11 or `tomli`") from e
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except (OSError, ValueError) as e:
        raise SettingsError(f"{path}: cannot read: {e}") from e


def _has_table(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return "tool.dlfault" in text or "[tool]" in text and "dlfault" in text


def find(start: Path) -> Path | None:
    """The first ``pyproject.toml`` with a ``[tool.dlfault]`` table in ``start`` (a directory
    or a file's directory) or above it."""
    d = Path(start).resolve()
    if not d.is_dir():
        d = d.parent
    for p in (d, *d.parents):
        f = p / FILE
        if f.is_file() and _has_table(f) and "dlfault" in (_toml(f).get("tool") or {}):
            return f
    return None


@dataclass
class Settings:
    path: Path | None = None                     # the pyproject.toml read, if any
    values: dict[str, Any] = field(default_factory=dict)   # traitlet name -> value
    per_file_ignores: list[tuple[str, list[str]]] = field(default_factory=list)

    def ignores_for(self, file: Path | str | None) -> list[str]:
        """Selectors of ``per-file-ignores`` whose glob matches ``file``."""
        if file is None or not self.per_file_ignores:
            return []
        p = Path(file).resolve()
        root = self.path.parent if self.path else Path.cwd()
        try:
            rel = p.relative_to(root).as_posix()
        except ValueError:
            rel = p.as_posix()
        out: list[str] = []
        for pat, sels in self.per_file_ignores:
            if (fnmatch.fnmatch(rel, pat) or fnmatch.fnmatch(p.name, pat)
                    or pat.startswith("**/") and fnmatch.fnmatch(rel, pat[3:])):
                out += sels
        return out

    def effective(self, file: Path | str | None = None) -> dict[str, Any]:
        """The traitlet values for one file: per-file ignores added to ``muted``."""
        vals = dict(self.values)
        extra = self.ignores_for(file)
        if extra:
            vals["muted"] = [*vals.get("muted", []), *extra]
        return vals

    def kernel_args(self, file: Path | str | None = None,
                    overrides: dict[str, Any] | None = None) -> list[str]:
        """``--DLFault.x=…`` arguments for a kernel checking ``file`` (the kernel itself is
        told to read no pyproject: the caller has). ``overrides`` (the CLI's own options)
        win over the file."""
        vals = {**self.effective(file), **{k: v for k, v in (overrides or {}).items()
                                            if v is not None}}
        args = ["--DLFault.pyproject=none"]
        for k, v in vals.items():
            if isinstance(v, list):  # one argument per item: a kernel parses it lazily
                args += [f"--DLFault.{k}={s}" for s in v]
            else:
                args.append(f"--DLFault.{k}={v}")
        return args


def merge_args(base: list[str], extra: list[str]) -> list[str]:
    """``base`` kernel arguments without the ``--X.y=`` settings that ``extra`` gives again
    (a kernel refuses a scalar given twice), then ``extra``."""
    given = {a.split("=", 1)[0] for a in extra if a.startswith("--") and "=" in a}
    return [a for a in base if a.split("=", 1)[0] not in given] + list(extra)


def parse_table(table: Any, where: str) -> Settings:
    if not isinstance(table, dict):
        raise SettingsError(f"{where}: [tool.dlfault] must be a table")
    s = Settings()
    for key, val in table.items():
        k = _ALIASES.get(key, key)
        if k not in _TYPES:
            raise SettingsError(f"{where}: unknown key {key!r} in [tool.dlfault] (known: "
                                f"{', '.join(sorted(set(_TYPES) | {'ignore'}))})")
        t = _TYPES[k]
        if k == "per-file-ignores":
            if not isinstance(val, dict):
                raise SettingsError(f"{where}: per-file-ignores must be a table")
            for pat, sels in val.items():
                s.per_file_ignores.append((str(pat), _selectors(sels, f"{where}: "
                                                                      f"per-file-ignores")))
            continue
        if t is list:
            val = _selectors(val, f"{where}: {key}")
        elif isinstance(t, tuple) and isinstance(t[0], str):
            if val not in t:
                raise SettingsError(f"{where}: {key} must be one of {', '.join(t)}")
        elif t is bool and not isinstance(val, bool):
            raise SettingsError(f"{where}: {key} must be true or false")
        elif t is not bool and (isinstance(val, bool) or not isinstance(val, t) or val <= 0):
            raise SettingsError(f"{where}: {key} must be a positive number")
        if k in s.values and k == "muted":
            val = [*s.values[k], *val]
        s.values[k] = val
    return s


def _selectors(val: Any, where: str) -> list[str]:
    if isinstance(val, str):
        val = [val]
    if not isinstance(val, list) or not all(isinstance(v, str) for v in val):
        raise SettingsError(f"{where} must be a list of rule ids, names or categories")
    from .suppress import resolve

    _ids, unknown = resolve(val)
    if unknown:
        raise SettingsError(f"{where}: no rule, name or category {', '.join(map(repr, unknown))}")
    return list(val)


def load(path: Path | str | None) -> Settings:
    """The settings of one pyproject.toml (``None``: no settings)."""
    if path is None:
        return Settings()
    path = Path(path)
    if not path.is_file():
        raise SettingsError(f"{path}: no such file")
    data = _toml(path)
    table = (data.get("tool") or {}).get("dlfault")
    if table is None:
        raise SettingsError(f"{path}: has no [tool.dlfault] table")
    s = parse_table(table, str(path))
    s.path = path.resolve()
    return s


def for_file(file: Path, config: Path | str | bool | None = None) -> Settings:
    """The settings that apply to ``file``: ``config`` a path (that file), ``False`` (none)
    or ``None`` (the first pyproject.toml with [tool.dlfault] upwards from the file)."""
    if config is False:
        return Settings()
    if config is None or config is True:
        return load(find(Path(file).resolve().parent))
    return load(config)


def unselected(muted: Iterable[str], select: Iterable[str]) -> set[str]:
    """Ids of the rules that ``muted`` names (categories included) or that ``select``, when
    not empty, leaves out."""
    from .rules import load_all
    from .suppress import resolve

    out, _ = resolve(muted)
    sel = list(select)
    if sel:
        keep, _ = resolve(sel)
        out |= {rid for rid in load_all() if rid not in keep}
    return out


def _notebook_path() -> Path | None:
    """The notebook a kernel runs for, where the server says (``JPY_SESSION_NAME``)."""
    name = os.environ.get("JPY_SESSION_NAME")
    if not name:
        return None
    p = Path(name)
    return p if p.is_absolute() else Path.cwd() / p.name


def apply_to_config(config: Any, shell_config: Any = None) -> str | None:
    """At extension load: set the traitlets of ``config`` (a ``DLFault``) that the file sets
    and that were not given explicitly in ``shell_config`` (the shell's traitlets Config).
    Returns a one-line problem to show, or None."""
    choice = (config.pyproject or "auto").strip()
    if choice.lower() == "none":
        return None
    explicit: set[str] = set()
    try:
        if shell_config is not None and "DLFault" in shell_config:
            explicit = set(shell_config["DLFault"])
    except Exception:  # noqa: BLE001
        pass
    try:
        s = load(find(Path.cwd()) if choice.lower() == "auto" else Path(choice))
    except SettingsError as e:
        return f"dlfault: settings not used: {e}"
    for k, v in s.effective(_notebook_path()).items():
        if k not in explicit:
            setattr(config, k, float(v) if k == "budget_ms" else v)
    return None
