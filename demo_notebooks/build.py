"""Build the demo notebooks from their percent-format sources (``demo_notebooks/src/*.py``).

    python demo_notebooks/build.py            # every demo
    python demo_notebooks/build.py 01 04      # the demos whose name starts with 01 or 04

Each source starts with header lines (before the first ``# %%``)::

    # demo: title="..."
    # demo: expect=DLF-T001,training.process   (rule ids or taxonomy ids it promises;
                                                A|B: either)

A cell that raises on purpose carries the ``raises-exception`` tag, written in its header
line as ``# %% tags=["raises-exception"]`` (jupytext's notation): JupyterLab's and
nbclient's "Run All" go on past it. The build fails when a cell raises without the tag or
the tag is on a cell that does not raise. The kernelspec is the installed one, as
JupyterLab writes it, so that an opened demo is not marked as modified.

The notebook is executed with the headless check's executor (``dlfault_jupyter.cli.execute``:
a real kernel, the extension loaded, static display mode), so the saved outputs hold the
reports as static HTML, readable on GitHub without a kernel. The promises are stored in
``metadata.dlfault.expect``; ``tests/test_demos.py`` checks them.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE / "src"
HEADER_RE = re.compile(r"^#\s*demo:\s*(\w+)=(.*)$")
TAGS_RE = re.compile(r"\btags=(\[[^\]]*\])")
RAISES = "raises-exception"
ALREADY = "extension is already loaded"


def parse(path: Path) -> tuple[dict, str]:
    """(header fields, the rest of the script)."""
    meta: dict = {}
    lines = path.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines) and not lines[i].startswith("# %%"):
        m = HEADER_RE.match(lines[i].strip())
        if m:
            key, val = m.group(1), m.group(2).strip()
            if key == "expect":
                meta["expect"] = [v.strip() for v in val.split(",") if v.strip()]
            else:
                meta[key] = val.strip('"')
        i += 1
    return meta, "\n".join(lines[i:]) + "\n"


def notebook(path: Path):
    import nbformat

    from dlfault_jupyter.cli import split_percent

    meta, body = parse(path)
    nb = nbformat.v4.new_notebook()
    for kind, header, src in split_percent(body):
        cell = (nbformat.v4.new_markdown_cell(src) if kind == "markdown"
                else nbformat.v4.new_code_cell(src))
        m = TAGS_RE.search(header)
        if m:
            cell.metadata["tags"] = json.loads(m.group(1))
        nb.cells.append(cell)
    nb.metadata["kernelspec"] = kernelspec()
    nb.metadata["language_info"] = {"name": "python"}
    nb.metadata["dlfault"] = {"expect": meta.get("expect", []),
                              "title": meta.get("title", path.stem),
                              "source": f"src/{path.name}"}
    return nb


def kernelspec(name: str = "python3") -> dict:
    """The kernelspec metadata JupyterLab writes for the installed kernel (its
    ``display_name`` is "Python 3 (ipykernel)", not "Python 3")."""
    try:
        from jupyter_client.kernelspec import KernelSpecManager

        spec = KernelSpecManager().get_kernel_spec(name)
        return {"display_name": spec.display_name, "language": spec.language, "name": name}
    except Exception:  # noqa: BLE001 - no jupyter_client: ipykernel's default
        return {"display_name": "Python 3 (ipykernel)", "language": "python", "name": name}


def raising_cells(nb) -> tuple[list[int], list[int]]:
    """(indices of cells that raised without the tag, of tagged cells that did not)."""
    untagged, quiet = [], []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        raised = any(o.get("output_type") == "error" for o in cell.outputs)
        tagged = RAISES in cell.metadata.get("tags", [])
        if raised and not tagged:
            untagged.append(i)
        elif tagged and not raised:
            quiet.append(i)
    return untagged, quiet


def tidy(nb) -> None:
    """Drop the 'already loaded' note of the ``%load_ext`` cell (under the headless check
    the kernel has the extension loaded before the first cell) and volatile metadata."""
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        cell.outputs = [o for o in cell.outputs
                        if not (o.get("output_type") == "stream" and ALREADY in o.get("text", ""))]
        cell.metadata.pop("execution", None)


def build(path: Path, timeout: int = 600) -> Path:
    import nbformat

    from dlfault_jupyter.cli import execute

    nb = notebook(path)
    execute(nb, HERE, timeout)
    untagged, quiet = raising_cells(nb)
    if untagged or quiet:
        raise SystemExit(f"{path.name}: cells {untagged} raise without the {RAISES!r} tag, "
                         f"cells {quiet} are tagged but do not raise")
    tidy(nb)
    out = HERE / f"{path.stem}.ipynb"
    nbformat.write(nb, out)
    return out


def sources(prefixes: list[str] | None = None) -> list[Path]:
    paths = sorted(SRC.glob("*.py"))
    if prefixes:
        paths = [p for p in paths if any(p.stem.startswith(x) for x in prefixes)]
    return paths


def main(argv: list[str] | None = None) -> int:
    import os

    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
    for p in sources(argv if argv is not None else sys.argv[1:]):
        print(f"building {p.name} ...", flush=True)
        print(f"  wrote {build(p).relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
