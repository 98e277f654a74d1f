"""Every rule sees through compiled and wrapped PyTorch models (issue 13).

For every PyTorch bad example (``tests/rules/<area>/DLF-*/bad*.py``) whose cells bind a
model (an ``nn.Module`` with parameters that is not a loss) to a top-level name, the example
is run again with that model wrapped as a user would write it, on the line of its
assignment (line numbers stay the same)::

    model = Net()                 # as in the example
    model = Net(); model = torch.compile(model, backend="eager")     # (a) compiled
    model = Net(); model = nn.DataParallel(model)                     # (b) DataParallel

and every finding the example expects (``# expect:``) must still be found on its line.
``backend="eager"`` runs no C++ compiler; the object is the ``OptimizedModule`` (with
``_orig_mod``) a user gets. Without GPUs ``nn.DataParallel`` simply calls its module.

Which names hold a model is learnt by running the example once as it is, without the
extension (a plain run of its cells): a name is wrapped at its last binding in the cell
that first binds a new model object to it, unless that model is a submodule of another
top-level model (``backbone`` inside ``model``) or a wrapper already (the ``bad_wrapped``
examples). The plain run is shared by both wrappings of an example.

``NOT_THE_SAME``: examples that are no longer the same fault, or no longer valid code, once
their model is wrapped, with the reason. ``KNOWN_GAPS``: rules that do not see through a
wrapper yet (strict xfail: a fix makes the test fail until the entry is removed).
"""

from __future__ import annotations

import ast
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from conftest import _light_reset
from harness import expectations, run_file

from dlfault_jupyter.cli import split_percent

HERE = Path(__file__).parent / "rules"
_TORCH_IMPORT = re.compile(r"^\s*(?:import torch|from torch[\s.])", re.M)
EXAMPLES = sorted(p for p in HERE.glob("*/DLF-*/bad*.py") if _TORCH_IMPORT.search(p.read_text()))
WRAPPERS = ("compile", "DataParallel")

#: "<rule dir>/<stem>" or "<rule dir>/<stem>:<wrapper>" -> why the wrapped example is not
#: the same fault or not valid code
_INDEXES = ("the example reaches into the model right after building it ({}): neither "
            "OptimizedModule nor DataParallel supports that, the wrapped cell raises "
            "TypeError and the fault is never set up")
NOT_THE_SAME: dict[str, str] = {
    "DLF-M001-constant-weight-init/bad": _INDEXES.format("`for layer in model:`"),
    "DLF-L301-dead-relu-units/bad": _INDEXES.format("`model[0].bias.fill_(...)`"),
    "DLF-L302-saturated-activations/bad": _INDEXES.format("`model[0].weight.mul_(...)`"),
    "DLF-T305-initial-loss-far-from-chance/bad": _INDEXES.format("`model[2].weight.mul_(...)`"),
    "DLF-T307-exploding-gradients/bad": _INDEXES.format("`for layer in model:`"),
    "DLF-T004-optimizer-not-over-model/bad_subset:DataParallel":
        "`clf.classifier.parameters()`: DataParallel does not forward attributes "
        "(AttributeError; the user writes `clf.module.classifier`)",
    "DLF-A132-non-strict-load-skipped-weights/bad":
        "a rule about state_dict keys: the example saves a compiled model's state_dict "
        "(`_orig_mod.` keys) and loads it into a plain one; wrapping `restored` the same way "
        "makes the keys match, so the weights load and there is no fault",
}

#: the same keys -> why the rule does not see through the wrapper yet (strict xfail)
KNOWN_GAPS: dict[str, str] = {}


@dataclass
class Plan:
    """Where to wrap which names, learnt from a plain run of the example."""

    #: cell index (1-based, as in ``expectations``) -> [(line, column, name)], the end of
    #: the statement that last binds a new model to ``name`` in that cell
    wraps: dict[int, list[tuple[int, int, str]]] = field(default_factory=dict)
    #: cell index -> (name bound to the torch module, name bound to torch.nn), or None
    modules: dict[int, tuple[str | None, str | None]] = field(default_factory=dict)
    errors: dict[int, str] = field(default_factory=dict)   # cell -> exception of the plain run


_PLANS: dict[Path, Plan] = {}


def _bindings(src: str, offset: int) -> dict[str, tuple[int, int]]:
    """name -> (line, column) of the end of the last top-level statement of the cell that
    assigns the name (module-level code, blocks included; not inside functions/classes)."""
    try:
        tree = ast.parse(src)
    except SyntaxError:
        return {}
    out: dict[str, tuple[int, int, int]] = {}
    stack: list[ast.AST] = list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets = [node.target]
        for t in targets:
            for n in ast.walk(t):
                if isinstance(n, ast.Name):
                    end = (node.end_lineno or node.lineno, node.end_col_offset or 0)
                    if n.id not in out or out[n.id][0] < node.lineno:
                        out[n.id] = (node.lineno, end[0] + offset, end[1])
        if isinstance(node, ast.stmt):
            stack.extend(ast.iter_child_nodes(node))
    return {k: (v[1], v[2]) for k, v in out.items()}


def _is_model(torch: Any, obj: Any) -> bool:
    try:
        return isinstance(obj, torch.nn.Module) and \
            not isinstance(obj, torch.nn.modules.loss._Loss) and \
            next(iter(obj.parameters()), None) is not None
    except Exception:  # noqa: BLE001 - an odd object is not a model
        return False


def _is_wrapper(obj: Any) -> bool:
    from dlfault_jupyter.analysis.model_facts import unwrap

    return bool(unwrap(obj)[1])


def _plan(shell: Any, path: Path) -> Plan:
    """Run the example's cells without the extension and note the models they bind."""
    plan = Plan()
    _light_reset(shell)
    seen: list[Any] = []   # every model bound so far (kept: their ids stay unique)
    try:
        for ci, (kind, _header, src) in enumerate(split_percent(path.read_text()), start=1):
            if kind != "code":
                continue
            offset = 0
            if src.startswith("%%"):    # %%dlcheck: its body runs as plain code here
                offset, src = 1, src.split("\n", 1)[1] if "\n" in src else ""
                body = src
            else:
                body = shell.input_transformer_manager.transform_cell(src)
            res = shell.run_cell(src, store_history=False, silent=True)
            if not res.success:
                exc = res.error_in_exec or res.error_before_exec
                plan.errors[ci] = type(exc).__name__
            torch = sys.modules.get("torch")
            if torch is None:
                continue
            ns = shell.user_ns
            names = {n: o for n, o in list(ns.items())
                     if not n.startswith("_") and _is_model(torch, o)}
            inner = {id(m) for o in names.values() for m in o.modules() if m is not o}
            known = {id(o) for o in seen}
            wraps = []
            for name, (line, col) in _bindings(body, offset).items():
                obj = names.get(name)
                if obj is None or id(obj) in known or id(obj) in inner or _is_wrapper(obj):
                    continue
                wraps.append((line, col, name))
            seen += names.values()
            if wraps:
                plan.wraps[ci] = sorted(wraps)
                plan.modules[ci] = (
                    next((n for n, o in ns.items() if o is torch and not n.startswith("_")),
                         None),
                    next((n for n, o in ns.items() if o is torch.nn and not n.startswith("_")),
                         None))
    finally:
        _light_reset(shell)
    return plan


def _wrapped_source(path: Path, plan: Plan, wrapper: str) -> str:
    """The example with its models wrapped, each on the line of its assignment."""
    out = []
    for ci, (kind, header, src) in enumerate(split_percent(path.read_text()), start=1):
        lines = src.split("\n")
        if kind != "code":
            lines = ["# " + ln for ln in lines]
        for line, col, name in sorted(plan.wraps.get(ci, ()), key=lambda w: (-w[0], -w[1])):
            torch, nn = plan.modules[ci]
            if wrapper == "compile":
                assert torch is not None, f"{path}: no name for torch in cell {ci}"
                text = f'; {name} = {torch}.compile({name}, backend="eager")'
            else:
                where = nn or (f"{torch}.nn" if torch else None)
                assert where is not None, f"{path}: no name for torch.nn in cell {ci}"
                text = f"; {name} = {where}.DataParallel({name})"
            ln = lines[line - 1]
            lines[line - 1] = ln[:col] + text + ln[col:]
        out.append(header + "\n" + "\n".join(lines))
    return "\n".join(out) + "\n"


def _forget_compiled() -> None:
    """Drop what torch.compile keeps of this example while its globals still exist (dynamo
    installs ``__builtins_dict___N`` in the notebook's namespace and deletes it when the
    compiled code goes; after the namespace is reset that raises in a weakref callback)."""
    dynamo = sys.modules.get("torch._dynamo")
    if dynamo is None:
        return
    # a traceback of the example's last error holds frames of compiled code
    for name in ("last_type", "last_value", "last_traceback", "last_exc"):
        if hasattr(sys, name):
            setattr(sys, name, None)
    dynamo.reset()


def _key(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


def _params() -> list[Any]:
    out = []
    for path in EXAMPLES:
        for wrapper in WRAPPERS:
            key = _key(path)
            marks = []
            for k in (f"{key}:{wrapper}", key):
                if k in NOT_THE_SAME:   # a mark: not even the plain run
                    marks.append(pytest.mark.skip(
                        reason=f"not the same fault once wrapped: {NOT_THE_SAME[k]}"))
                    break
                if k in KNOWN_GAPS:
                    marks.append(pytest.mark.xfail(strict=True, reason=KNOWN_GAPS[k]))
                    break
            out.append(pytest.param(path, wrapper, marks=marks, id=f"{key}:{wrapper}"))
    return out


@pytest.fixture
def plan(request: Any, _ipython: Any) -> Plan:
    """The plain run of the example (before the ``ip`` fixture loads the extension), once
    for both wrappings."""
    path = request.node.callspec.params["path"]
    if path not in _PLANS:
        _PLANS.clear()
        _PLANS[path] = _plan(_ipython, path)
    return _PLANS[path]


@pytest.mark.parametrize(("path", "wrapper"), _params())
def test_rule_sees_through_wrapped_model(path: Path, wrapper: str, plan: Plan, ip: Any,
                                         tmp_path: Path) -> None:
    if not plan.wraps:
        pytest.skip("the example binds no model that is not wrapped already")
    wrapped = tmp_path / path.name
    wrapped.write_text(_wrapped_source(path, plan, wrapper))
    try:
        run = run_file(ip, wrapped, ip.probe)
    finally:
        _forget_compiled()
    at_line, in_cell = expectations(path)
    got = run.triples()
    where = (f"wrapped: {sorted((c, ln, n) for c, w in plan.wraps.items() for ln, _, n in w)}"
             f"; errors {run.errors} (plain run: {plan.errors})")
    missing = [(r, c, ln) for r, c, ln in sorted(at_line) if (r, c, ln) not in got]
    missing += [(r, c, None) for r, c in sorted(in_cell)
                if not any(r2 == r and c2 == c for r2, c2, _ in got)]
    assert not missing, f"lost behind {wrapper}: {missing}; got {sorted(got)}; {where}"
    assert not [n for n in run.notes if "internal error" in n], run.notes
    assert not run.changed, f"the hook changed the user's state: {run.changed}"


def test_the_lists_name_examples_that_exist() -> None:
    """An entry of NOT_THE_SAME or KNOWN_GAPS names a PyTorch bad example (and a wrapping)."""
    keys = {_key(p) for p in EXAMPLES}
    keys |= {f"{k}:{w}" for k in keys for w in WRAPPERS}
    stale = sorted(set(NOT_THE_SAME) - keys) + sorted(set(KNOWN_GAPS) - keys)
    assert not stale, f"entries for examples that do not exist: {stale}"
    assert not set(NOT_THE_SAME) & set(KNOWN_GAPS)
