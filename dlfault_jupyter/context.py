"""CellContext: everything the rules may know about what one cell did."""

from __future__ import annotations

import re
import traceback
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from .namespace import NamespaceView
from .source import SourceFacts

if TYPE_CHECKING:
    from .analysis.cell import CellAnalysis


@dataclass
class ErrorInfo:
    """The exception a cell raised."""

    exc: BaseException
    type_name: str          # "RuntimeError", "ValueError", "InvalidArgumentError", ...
    message: str            # str(exc)
    line: int | None        # 1-based line of the cell where it was raised from, if known
    #: the error ``exc`` reports, when ``exc`` is a framework's report of another one
    #: (torch.compile: dynamo's TorchRuntimeError for an error of its tracing); then
    #: ``type_name`` and ``message`` are this error's, and ``exc`` keeps the traceback
    #: through the cell
    reported: BaseException | None = None

    @classmethod
    def from_exception(cls, exc: BaseException, cell_filename: str | None = None
                       ) -> ErrorInfo:
        line = None
        try:
            frames = traceback.extract_tb(exc.__traceback__)
            for fr in frames:
                if cell_filename and fr.filename == cell_filename:
                    line = fr.lineno
                elif cell_filename is None and (fr.filename.startswith("<ipython-input")
                                                or "/ipykernel_" in fr.filename
                                                or fr.filename.startswith("<cell")):
                    line = fr.lineno
        except Exception:  # noqa: BLE001 - an odd traceback (frames of C code, a fake tb): no line
            line = None
        reported = _reported(exc)
        src = reported if reported is not None else exc
        try:
            msg = str(src)
        except Exception:  # noqa: BLE001 - a user exception whose __str__ raises
            msg = ""
        return cls(exc, type(src).__name__, msg, line, reported)

    def match(self, *patterns: str) -> re.Match | None:
        """The first regex match of the message among ``patterns``, or None."""
        for p in patterns:
            m = re.search(p, self.message)
            if m:
                return m
        return None


def _reported(exc: BaseException) -> BaseException | None:
    """The error a framework's exception reports (``frameworks.torch.traced_error``)."""
    from . import frameworks

    t = frameworks.get("torch")
    if t is None:
        return None
    try:
        return t.traced_error(exc)
    except Exception:  # noqa: BLE001 - an odd exception chain: the exception as it is
        return None


@dataclass
class CellContext:
    cell: int
    source: SourceFacts
    ns: NamespaceView
    error: ErrorInfo | None = None
    #: traces collected by %%dlcheck (runtime scope only)
    runtime: Any = None
    #: per-session scratch space rules may use to remember facts across cells
    #: (e.g. which models were trained); keyed by rule id. Keep it small, no user objects.
    memory: dict[str, Any] = field(default_factory=dict)
    #: the user namespace itself (read-only use!)
    user_ns: dict[str, Any] = field(default_factory=dict)

    #: every (f, m) pair of ``SourceFacts.flows`` seen in this or an earlier cell
    flows: Collection[tuple[str, str]] = field(default_factory=set)
    #: the executions of cells in this kernel, this one last (``analysis.history.History``;
    #: ``history.current`` is this execution); None for a look that is not a cell run
    history: Any = None

    def used_with(self, name: str) -> set[str]:
        """Variables whose output was passed to a call of ``name`` in any cell so far
        (``loss_fn(model(x), y)`` → ``used_with("loss_fn") == {"model"}``)."""
        return {m for f, m in self.flows if f == name}

    def remember(self, rule_id: str) -> dict[str, Any]:
        return self.memory.setdefault(rule_id, {})

    @cached_property
    def analysis(self) -> CellAnalysis:
        """The shared facts of this cell (resolved names, provenance, data roles, device
        flow, training loops, model facts), each computed lazily, once per cell."""
        from .analysis.cell import CellAnalysis

        return CellAnalysis(self)
