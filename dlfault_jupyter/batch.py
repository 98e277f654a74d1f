"""Checking many notebooks: ``check -j N`` (one kernel per notebook, N at a time), the
progress line on a terminal, and the kernel transport.

The results come back in the order the paths were given, whatever order the notebooks
finish in, so ``-j N`` prints exactly what ``-j 1`` prints. The progress line goes to stderr,
only when stderr is a terminal, and is erased before anything else is printed.
"""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from pathlib import Path
from typing import Any, TextIO

#: the longest path a Unix socket can bind (sun_path is 108 bytes on Linux, 104 on macOS)
_SUN_PATH = 100

Result = dict[str, Any]


def default_jobs() -> int:
    """The number of cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def ipc_prefix() -> str | None:
    """A fresh socket-path prefix for one kernel's IPC channels, in a private temporary
    directory (removed at exit), or None where IPC is not available: zmq without IPC
    (Windows), or a temporary directory whose socket paths would not fit a socket address.

    jupyter_client's default prefix, ``kernel-ipc``, is relative (the kernel binds it in
    the notebook's directory, the client connects from its own) and shared by every kernel
    started from one directory: kernels started side by side would bind the same sockets."""
    try:
        import zmq

        if not zmq.has("ipc"):
            return None
        d = tempfile.mkdtemp(prefix="dlf-")  # mode 0700: this user's sockets only
    except Exception:  # noqa: BLE001 - any doubt: the default transport
        return None
    atexit.register(shutil.rmtree, d, True)
    prefix = os.path.join(d, "k")
    return prefix if len(prefix) + len("-65535") < _SUN_PATH else None


def kernel_config() -> Any:
    """The traitlets config of the kernel manager nbclient creates for one notebook: IPC
    transport (Unix domain sockets, nothing on the network) where available, else TCP.

    ipykernel warns "Kernel is running over TCP without encryption" on every kernel it
    starts over TCP; over IPC it says nothing."""
    from traitlets.config import Config

    cfg = Config()
    prefix = ipc_prefix()
    if prefix is not None:
        cfg.KernelManager.transport = "ipc"
        cfg.KernelManager.ip = prefix
    return cfg


def guarded(check: Callable[[Path], Result], path: str) -> tuple[str, Any]:
    """``("ok", check(path))``, or ``("usage", message)`` for a file that cannot be read
    (in a worker process, where an exception would lose its place in the order)."""
    from .cli import UsageError

    try:
        return "ok", check(Path(path))
    except UsageError as e:
        return "usage", str(e)


class Progress:
    """``3/40 done, slowest running: x.ipynb 12 s`` on one line of a terminal."""

    def __init__(self, total: int, stream: TextIO | None = None, enabled: bool | None = None):
        self.stream = stream if stream is not None else sys.stderr
        if enabled is None:
            try:
                enabled = self.stream.isatty()
            except (AttributeError, ValueError):
                enabled = False
        self.enabled = enabled and total > 0
        self.total = total
        self.shown = False

    def line(self, done: int, running: dict[str, float], now: float | None = None) -> str:
        now = time.monotonic() if now is None else now
        text = f"{done}/{self.total} done"
        if running:
            name, t0 = min(running.items(), key=lambda kv: kv[1])
            label = "slowest running" if len(running) > 1 else "running"
            text += f", {label}: {Path(name).name} {now - t0:.0f} s"
        return text

    def show(self, done: int, running: dict[str, float]) -> None:
        if not self.enabled:
            return
        self.stream.write("\r" + self.line(done, running) + "\x1b[K")
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False


class _Ticker:
    """Refreshes the progress line once a second while one notebook runs in this process."""

    def __init__(self, progress: Progress, done: int, name: str) -> None:
        self.progress, self.done, self.running = progress, done, {name: time.monotonic()}
        self.stop = threading.Event()
        self.thread: threading.Thread | None = None

    def _run(self) -> None:
        while not self.stop.wait(1.0):
            self.progress.show(self.done, self.running)

    def __enter__(self) -> _Ticker:
        self.progress.show(self.done, self.running)
        if self.progress.enabled:
            self.thread = threading.Thread(target=self._run, daemon=True)
            self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        if self.thread is not None:
            self.thread.join()


def check_many(paths: Sequence[Path], check: Callable[[Path], Result], jobs: int | None = None,
               progress: Progress | None = None) -> list[tuple[str, Any]]:
    """``check(path)`` for every path, ``jobs`` notebooks at a time, each in its own kernel;
    returns ``("ok", result)`` or ``("usage", message)`` per path, in the order of ``paths``,
    up to the first file that could not be read. ``check`` must be picklable (a module-level
    function or a ``functools.partial`` of one) when ``jobs > 1``.

    ``jobs == 1`` checks in this process, one after the other (no worker process); more
    use worker processes (spawned: a fresh interpreter, no state forked from this one),
    each driving the one kernel of the notebook it checks."""
    jobs = default_jobs() if not jobs or jobs < 1 else jobs
    jobs = min(jobs, len(paths)) or 1
    progress = progress or Progress(len(paths), enabled=False)
    out: list[tuple[str, Any] | None] = [None] * len(paths)
    try:
        if jobs == 1:
            for i, p in enumerate(paths):
                with _Ticker(progress, i, str(p)):
                    out[i] = guarded(check, str(p))
                if out[i][0] == "usage":  # type: ignore[index]
                    break  # as before -j: stop at the first file that cannot be read
        else:
            _pool(paths, check, jobs, progress, out)
    finally:
        progress.clear()
    return [r for r in out if r is not None]


def _pool(paths: Sequence[Path], check: Callable[[Path], Result], jobs: int,
          progress: Progress, out: list[tuple[str, Any] | None]) -> None:
    import multiprocessing

    todo = list(enumerate(paths))
    todo.reverse()
    running: dict[Future, tuple[int, str, float]] = {}
    done = 0
    with ProcessPoolExecutor(max_workers=jobs,
                             mp_context=multiprocessing.get_context("spawn")) as pool:
        try:
            while todo or running:
                # at most `jobs` submitted at a time, so that submitted = started (the
                # progress line's running times are true)
                while todo and len(running) < jobs:
                    i, p = todo.pop()
                    running[pool.submit(guarded, check, str(p))] = (
                        i, str(p), time.monotonic())
                progress.show(done, {name: t0 for _, name, t0 in running.values()})
                finished, _ = wait(list(running), timeout=1.0, return_when=FIRST_COMPLETED)
                for fut in finished:
                    i, _name, _t0 = running.pop(fut)
                    out[i] = fut.result()
                    done += 1
        except BaseException:
            for fut in running:
                fut.cancel()
            raise
    # a file that could not be read ends the check at the first such file, in path order
    for i, r in enumerate(out):
        if r is not None and r[0] == "usage":
            out[i + 1:] = [None] * (len(out) - i - 1)
            break
