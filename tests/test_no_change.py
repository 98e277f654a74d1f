"""The extension changes nothing a notebook computes: executing notebooks in real kernels
with and without ``--ext=dlfault_jupyter`` gives the same cell outputs (values, printed
losses, random draws), apart from the report outputs themselves; the RNG states, the
models' state and an iterator's position printed at the end are identical too."""

from __future__ import annotations

import os
import re
from pathlib import Path

import nbformat
import pytest

from dlfault_jupyter.cli import split_percent
from dlfault_jupyter.findings import MIME

TESTS = Path(__file__).parent
CORPUS = TESTS / "corpus"
RULES = TESTS / "rules"

SEED = """\
import random
import numpy as np
random.seed(0)
np.random.seed(0)
"""

TORCH_ITER = """\
import torch
from torch.utils.data import DataLoader, TensorDataset
torch.manual_seed(0)
it_loader = DataLoader(TensorDataset(torch.arange(40.0).reshape(20, 2)), batch_size=4,
                       shuffle=True)
it = iter(it_loader)
print("first batch", next(it)[0].tolist())
plain_it = iter(range(100))
print(next(plain_it))
gen = (i * i for i in range(100))
print(next(gen))
"""

TORCH_STATE = """\
import random, sys
import numpy as np
import torch
print("python rng", random.getstate()[1][:4], random.getstate()[1][-1])
print("numpy rng", np.random.get_state()[1][:4].tolist(), np.random.get_state()[2])
print("torch rng", int(torch.get_rng_state().double().sum()))
print("draws", random.random(), np.random.rand(), torch.rand(1).item())
print("grad mode", torch.is_grad_enabled())
for name, obj in sorted(globals().items()):
    if isinstance(obj, torch.nn.Module) and not name.startswith("_"):
        print(name, [m.training for m in obj.modules()],
              [(n, round(float(p.detach().double().sum()), 6), p.requires_grad,
                None if p.grad is None else round(float(p.grad.double().sum()), 6))
               for n, p in obj.named_parameters()],
              [(n, round(float(b.double().sum()), 6)) for n, b in obj.named_buffers()])
print("next batch", next(it)[0].tolist())
print("iterators", next(plain_it), next(gen))
"""

KERAS_STATE = """\
import random
import numpy as np
import tensorflow as tf
from tensorflow.python.ops import stateful_random_ops as _sro
print("python rng", random.getstate()[1][:4], random.getstate()[1][-1])
print("numpy rng", np.random.get_state()[1][:4].tolist(), np.random.get_state()[2])
g = getattr(_sro, "global_generator", None)
print("tf global generator", None if g is None else g.state.numpy().tolist())
print("draws", random.random(), np.random.rand())
for name, obj in sorted(globals().items()):
    w = getattr(obj, "weights", None) if type(obj).__module__.startswith("keras") else None
    if isinstance(w, list) and not name.startswith("_"):
        print(name, getattr(obj, "built", None), [round(float(tf.reduce_sum(v)), 5) for v in w])
"""

TORCH_SOURCES = [
    RULES / "training/DLF-T001-missing-zero-grad/bad.py",
    RULES / "layers/DLF-L001-softmax-before-cross-entropy/bad.py",
    CORPUS / "torch/correct/batchnorm_dropout_modes.py",
    CORPUS / "torch/faulty/layers_choice_softmax_before_ce.py",
    CORPUS / "torch/faulty/model_type_constant_init.py",
    CORPUS / "torch/faulty/data_nan_in_features.py",
]
KERAS_SOURCES = [
    CORPUS / "keras/correct/mlp_sparse.py",
    CORPUS / "keras/faulty/loss_softmax_from_logits.py",
]

# timings, addresses and progress bars differ from run to run whatever the extension does
VOLATILE = [(re.compile(r"0x[0-9a-fA-F]+"), "0x?"),
            (re.compile(r"\d+(\.\d+)?\s*(ms|us|µs|s)(/step)?\b"), "T"),
            (re.compile(r"\x1b\[[0-9;]*[A-Za-z]|[\b\r]"), "")]


def notebook(head: str, sources: list[Path], tail: str):
    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_code_cell(head))
    for p in sources:
        if not p.is_file():
            continue
        for kind, _h, src in split_percent(p.read_text()):
            if kind == "code":
                nb.cells.append(nbformat.v4.new_code_cell(src))
    nb.cells.append(nbformat.v4.new_code_cell(tail))
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    return nb


def execute(nb, cwd: Path, extra: list[str]):
    from nbclient import NotebookClient

    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    NotebookClient(nb, timeout=300, kernel_name="python3", allow_errors=True,
                   extra_arguments=extra, resources={"metadata": {"path": str(cwd)}}).execute()
    return nb


def normal(text: str) -> str:
    for rx, rep in VOLATILE:
        text = rx.sub(rep, text)
    return text


def outputs(nb) -> tuple[list, int]:
    """Per cell, its outputs without our reports; and how many reports there were."""
    cells, reports = [], 0
    for cell in nb.cells:
        out = []
        for o in cell.get("outputs", []):
            data = o.get("data") or {}
            if MIME in data:
                reports += 1
                continue
            if o["output_type"] == "stream":  # chunking of a stream varies: join them
                if out and out[-1][0] == o["name"]:
                    out[-1] = (o["name"], out[-1][1] + normal(o["text"]))
                else:
                    out.append((o["name"], normal(o["text"])))
            elif o["output_type"] == "error":
                out.append(("error", o["ename"], normal(o["evalue"])))
            else:
                out.append((o["output_type"], normal(str(data.get("text/plain")))))
        cells.append(out)
    return cells, reports


def compare(nb_factory, tmp_path: Path, ext_args: list[str], min_reports: int) -> None:
    plain = execute(nb_factory(), tmp_path, [])
    checked = execute(nb_factory(), tmp_path, ["--ext=dlfault_jupyter", *ext_args])
    a, n_plain = outputs(plain)
    b, n_checked = outputs(checked)
    assert n_plain == 0
    assert n_checked >= min_reports, "the extension reported nothing: was it loaded?"
    for i, (x, y) in enumerate(zip(a, b, strict=True)):
        assert x == y, f"cell {i} differs:\n{nb_factory().cells[i].source}\n{x}\n!=\n{y}"
    assert any("python rng" in str(o) for o in a[-1])
    assert list(tmp_path.iterdir()) == []  # and no file written


@pytest.mark.slow
def test_torch_notebooks_compute_the_same_with_the_extension(tmp_path) -> None:
    def nb():
        return notebook(SEED + TORCH_ITER, TORCH_SOURCES, TORCH_STATE)

    compare(nb, tmp_path, [], 4)  # the default display: widgets


@pytest.mark.slow
def test_keras_notebooks_compute_the_same_with_the_extension(tmp_path) -> None:
    def nb():
        return notebook(SEED + "import tensorflow as tf\ntf.random.set_seed(0)",
                        KERAS_SOURCES, KERAS_STATE)

    compare(nb, tmp_path, ["--DLFault.display_mode=static"], 1)
