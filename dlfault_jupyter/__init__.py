"""dlfault_jupyter: catch deep-learning faults in notebooks, the moment they are made.

``%load_ext dlfault_jupyter`` registers an after-cell check and the ``%dlcheck`` magics.
Importing this package imports neither IPython nor any deep-learning framework.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
LABEXTENSION_NAME = "jupyterlab-dlfault"

_ATTR = "_dlfault_session"


def _jupyter_labextension_paths() -> list[dict[str, str]]:
    return [{"src": "labextension", "dest": LABEXTENSION_NAME}]


def load_ipython_extension(ip: Any) -> None:
    """Called by ``%load_ext dlfault_jupyter``. Idempotent."""
    if getattr(ip, _ATTR, None) is not None:
        return
    from .comm import Control
    from .config import DLFault
    from .magics import DLFaultMagics
    from .rules import load_all
    from .session import Session

    load_all()
    config = DLFault(parent=ip)
    from .settings_file import apply_to_config

    problem = apply_to_config(config, getattr(ip, "config", None))  # [tool.dlfault]
    if problem:
        import sys

        print(problem, file=sys.stderr)
    ip.configurables.append(config)
    session = Session(ip, config)
    magics = DLFaultMagics(ip, session)
    ip.register_magics(magics)
    ip.events.register("post_run_cell", session.post_run_cell)
    session.control = Control(session)
    session.magics = magics
    from .pointer import ExceptionPointer

    session.pointer = ExceptionPointer(session)  # a line above a traceback (pointer.py)
    session.pointer.install(ip)
    setattr(ip, _ATTR, session)
    from .terminal import say_once

    say_once(ip)  # `ipython -c`/`ipython FILE`: those cells are not checked; say how to


def unload_ipython_extension(ip: Any) -> None:
    """Called by ``%unload_ext dlfault_jupyter``: undoes everything the load did."""
    session = getattr(ip, _ATTR, None)
    if session is None:
        return
    try:
        ip.events.unregister("post_run_cell", session.post_run_cell)
    except ValueError:
        pass
    mm = ip.magics_manager
    for kind in ("line", "cell"):
        if mm.magics[kind].get("dlcheck") is not None:
            owner = getattr(mm.magics[kind]["dlcheck"], "__self__", None)
            if owner is session.magics:
                del mm.magics[kind]["dlcheck"]
    mm.registry.pop(type(session.magics).__name__, None)
    if session.magics in ip.configurables:
        ip.configurables.remove(session.magics)
    if session.config in ip.configurables:
        ip.configurables.remove(session.config)
    session.control.close()
    pointer = getattr(session, "pointer", None)
    if pointer is not None:
        pointer.uninstall(ip)
    session.close()
    delattr(ip, _ATTR)


def get_session(ip: Any = None) -> Any:
    """The running session of ``ip`` (default: the current IPython), or ``None``."""
    if ip is None:
        from IPython import get_ipython

        ip = get_ipython()
    return getattr(ip, _ATTR, None)
