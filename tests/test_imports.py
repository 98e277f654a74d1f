"""The extension never imports a framework the user has not imported: no module of the
package (adapters aside) imports one at module level, and running the checks after cells
that use only numpy, only torch or nothing imports nothing more."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import dlfault_jupyter

FRAMEWORKS = ("torch", "tensorflow", "keras", "jax")
# the adapters, and the Keras adapter's fit/callback/preprocessing helpers (imported by the
# checks only once Keras is: frameworks.get("keras") is not None)
ADAPTERS = {"dlfault_jupyter.frameworks.torch", "dlfault_jupyter.frameworks.keras",
            "dlfault_jupyter.frameworks.numpy", "dlfault_jupyter.frameworks.pandas",
            "dlfault_jupyter.frameworks.keras_fit"}


def modules() -> list[str]:
    out = []
    for m in pkgutil.walk_packages(dlfault_jupyter.__path__, "dlfault_jupyter."):
        # adapters and %%dlcheck probes (and the Keras probe's sampler, which only the
        # probe imports) are imported only once their framework is
        if m.name not in ADAPTERS and not m.name.endswith(("__main__", "_probe",
                                                              "keras_sample")):
            out.append(m.name)
    return out


def _run(code: str) -> str:
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       timeout=180)
    assert r.returncode == 0, r.stderr[-3000:]
    return r.stdout.strip().splitlines()[-1]


def test_no_module_imports_a_framework() -> None:
    names = modules()
    assert "dlfault_jupyter.session" in names and "dlfault_jupyter.rules.training.t001_missing_zero_grad" in names
    code = (f"import importlib, sys\nfor m in {names!r}: importlib.import_module(m)\n"
            "from dlfault_jupyter.rules import load_all\nload_all()\n"
            f"print([m for m in {FRAMEWORKS!r} + ('numpy', 'pandas') if m in sys.modules])")
    assert _run(code) == "[]"


def _shell_code(cells: list[str]) -> str:
    return ("import sys\nfrom IPython.testing.globalipapp import start_ipython\n"
            "ip = start_ipython()\nip.run_line_magic('load_ext', 'dlfault_jupyter')\n"
            "import dlfault_jupyter\ndlfault_jupyter.get_session(ip).config.display_mode = "
            "'static'\n"
            f"for c in {cells!r}:\n    ip.run_cell(c, store_history=True)\n"
            "s = dlfault_jupyter.get_session(ip)\n"
            "assert not [n for r in s.reports.values() for n in r.notes], s.reports\n"
            f"print([m for m in {FRAMEWORKS!r} if m in sys.modules])")


def test_numpy_only_session_imports_no_framework() -> None:
    cells = ["import numpy as np\nx = np.random.rand(100, 3) * 255\ny = np.zeros(100)",
             "for i in range(3):\n    x = x + 1\n", "1/0", "%dlcheck", "z = [x, y]"]
    assert _run(_shell_code(cells)) == "[]"


def test_data_rules_never_load_pandas() -> None:
    """A notebook that never imports pandas never gets it loaded: the data rules read
    arrays used in fit/split/TensorDataset, and reach the pandas adapter only for values
    whose type comes from pandas."""
    cells = ["import numpy as np\nimport torch\nfrom torch import nn\n"
             "X = np.random.rand(200, 3).astype('float32')\ny = np.random.randint(0, 2, 200)",
             "Xt = torch.tensor(X)\nyt = torch.tensor(y)\n"
             "ds = torch.utils.data.TensorDataset(Xt, yt)\nm = nn.Linear(3, 2)\n"
             "loss_fn = nn.CrossEntropyLoss()\nX_train, X_test = X[:150], X[150:]",
             "for i in range(2):\n    m.zero_grad()\n    loss_fn(m(Xt), yt).backward()"]
    code = _shell_code(cells).replace(f"{FRAMEWORKS!r}", "('pandas',)")
    assert _run(code) == "[]"


def test_torch_session_does_not_import_tensorflow() -> None:
    cells = ["import torch\nfrom torch import nn\nm = nn.Linear(2, 2)\nx = torch.randn(3, 2)",
             "m(x).sum().backward()", "1/0"]
    assert _run(_shell_code(cells)) == "['torch']"
