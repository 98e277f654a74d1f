"""Terminal IPython running code it does not check: ``ipython -c CODE``, ``ipython FILE``,
``ipython -m MODULE``. That code runs with ``store_history=False`` (``-c``) or
``silent=True`` (a ``.ipy`` file), or as a plain script (``.py``): no cell of it reaches the
after-cell check. Said once, on stderr, when the extension is loaded there."""

from __future__ import annotations

import sys
from typing import Any

CHECK = "python -m dlfault_jupyter check"


def unchecked_run(ip: Any) -> str | None:
    """A one-line hint when terminal IPython runs ``-c`` code, a file or a module (whose
    cells are not checked); None in a kernel or an interactive session."""
    if getattr(ip, "kernel", None) is not None:
        return None
    # terminal IPython has imported its app already; importing it here would cost
    # prompt_toolkit's ~150 modules on every `%load_ext` in a kernel or a plain shell
    ipapp = sys.modules.get("IPython.terminal.ipapp")
    if ipapp is None:
        return None
    try:
        TerminalIPythonApp = ipapp.TerminalIPythonApp

        if not TerminalIPythonApp.initialized():
            return None
        app = TerminalIPythonApp.instance()
    except Exception:  # noqa: BLE001 - another front end
        return None
    if app.code_to_run:
        what, target = "`ipython -c`", "NOTEBOOK.ipynb (or a script.py with # %% cells)"
    elif app.file_to_run:
        name = str(app.file_to_run)
        what = f"`ipython {name}`"
        target = (name if name.endswith((".py", ".ipynb"))
                  else "NOTEBOOK.ipynb (or a script.py with # %% cells)")
    elif app.module_to_run:
        what, target = f"`ipython -m {app.module_to_run}`", "the module's .py file"
    else:
        return None
    return (f"dlfault: code run by {what} is not checked after each cell; "
            f"to check it: {CHECK} {target}")


def say_once(ip: Any) -> None:
    """Print the hint of :func:`unchecked_run` to stderr, once per process."""
    global _SAID
    if _SAID:
        return
    try:
        hint = unchecked_run(ip)
    except Exception:  # noqa: BLE001
        return
    if hint:
        _SAID = True
        print(hint, file=sys.stderr)


_SAID = False
