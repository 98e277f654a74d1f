"""Settings, as a traitlets Configurable: ``c.DLFault.level = "expert"`` in
``ipython_config.py`` / ``ipython_kernel_config.py``, ``--DLFault.level=expert`` on a kernel
command line, or ``%config DLFault.level = "expert"`` at run time."""

from __future__ import annotations

from traitlets import Bool, Enum, Float, List, Unicode
from traitlets.config import Configurable


class DLFault(Configurable):
    level = Enum(["beginner", "expert"], default_value="beginner",
                 help="Which explanation a report shows first.").tag(config=True)
    display_mode = Enum(["auto", "widget", "static", "text"], default_value="auto",
                        help="auto: static in a kernel, text in a terminal; static: HTML, "
                             "text and findings JSON, drawn interactively by the labextension "
                             "and kept when the notebook is saved; widget: also a live "
                             "ipywidget (front ends with ipywidgets but not the labextension)."
                        ).tag(config=True)
    muted = List(Unicode(), default_value=[],
                 help="Rule ids, names or taxonomy categories that are never reported "
                      "(`ignore` in pyproject.toml).").tag(config=True)
    select = List(Unicode(), default_value=[],
                  help="When not empty, only these rules run: ids, names or taxonomy "
                       "categories (`select` in pyproject.toml).").tag(config=True)
    pyproject = Unicode("auto", help="`[tool.dlfault]` settings: `auto` reads the first "
                                     "pyproject.toml with that table from the kernel's "
                                     "working directory upwards; a path reads that file; "
                                     "`none` reads none. Explicit settings win."
                        ).tag(config=True)
    enabled = Bool(True, help="Check after every cell.").tag(config=True)
    debug = Bool(False, help="Show the traceback of internal errors.").tag(config=True)
    budget_ms = Float(250.0, help="Time budget of the after-cell checks, in milliseconds; "
                                  "rules not run within it are skipped and named."
                      ).tag(config=True)
