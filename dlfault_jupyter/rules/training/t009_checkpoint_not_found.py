from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Any

from ... import frameworks
from ...context import CellContext
from ...registry import Evidence, Rule, Texts, register


def _guarded_by_exists(src: Any, node: ast.AST) -> bool:
    """``if os.path.exists(path): torch.load(path)`` (or ``Path(...).exists()``, ``isfile``):
    the load only runs when the file is there."""
    n = src.parent(node)
    while n is not None:
        if isinstance(n, ast.If) and any(
                isinstance(t, (ast.Attribute, ast.Name)) and
                getattr(t, "attr", getattr(t, "id", "")) in ("exists", "isfile", "is_file")
                for t in ast.walk(n.test)):
            return True
        n = src.parent(n)
    return False


@register
class CheckpointNotFound(Rule):
    id = "DLF-T009"
    name = "checkpoint-not-found"
    title = "torch.load of a file that does not exist"
    taxonomy = "training.process"
    severity = "error"
    silent = False
    evidence = "source"
    frameworks = ("torch",)
    message = "`{code}` loads `{path}`, which does not exist (working directory: `{cwd}`)."
    beginner = """The checkpoint file `{path}` is not there. Either it was never saved (the
cell with `torch.save(...)` was not run, or saved under another name), or the path is
relative to a different folder than the notebook's working directory `{cwd}`. Check the
name, or save the model first: `torch.save(model.state_dict(), "{path}")`.{near}"""
    expert = """`torch.load` opens the path with the working directory of the kernel
(`os.getcwd()` = `{cwd}`), not the notebook file's folder, and raises FileNotFoundError.
When a notebook is opened from another folder, or the save cell is skipped, the
checkpoint silently never exists; guard loading with `os.path.exists` or resolve paths
from a known root (`pathlib.Path(__file__)` is not available in notebooks)."""
    fix = """import os
if os.path.exists("{path}"):
    state = torch.load("{path}", map_location="cpu")
    model.load_state_dict(state)"""
    texts = {
        # checkpoint files found in the folder of the missing path
        "checkpoints_nearby": Texts(near=" Checkpoints in that folder: {checkpoints}."),
        "none_nearby": Texts(near=""),
    }

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        import os

        src = ctx.source
        load = None
        for c in src.calls_to("load"):
            if load is None:
                t = frameworks.get("torch")
                if t is None:
                    return
                load = t.api("torch.load")
            if src.resolve(c.name) is not load:
                continue
            arg = c.kwarg("f", 0)
            path: object = c.const("f", 0)
            if path is None and isinstance(arg, ast.Name):
                val = ctx.user_ns.get(arg.id)
                path = val if isinstance(val, (str, os.PathLike)) else None
            if not isinstance(path, (str, os.PathLike)):
                continue
            p = os.fspath(path)
            if not p or os.path.exists(p) or _guarded_by_exists(src, c.node):
                continue
            folder = os.path.dirname(p) or "."
            cands: list[str] = []
            try:
                if os.path.isdir(folder):
                    cands = [f for f in os.listdir(folder)
                             if f.endswith((".pt", ".pth", ".ckpt", ".bin"))][:3]
            except OSError:
                cands = []
            yield Evidence(line=c.line, code=src.segment(c.node) or "torch.load(...)", path=p,
                           cwd=os.getcwd(),
                           variant="checkpoints_nearby" if cands else "none_nearby",
                           checkpoints=", ".join(f"`{f}`" for f in cands))
