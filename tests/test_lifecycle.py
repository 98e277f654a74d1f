"""Load, unload, reload; which cells the hook looks at; internal errors and interrupts never
reach the user's cell; settings through traitlets."""

from __future__ import annotations

import subprocess
import sys

import pytest
from IPython.core.interactiveshell import ExecutionInfo, ExecutionResult
from IPython.utils.capture import capture_output

import dlfault_jupyter
from dlfault_jupyter import get_session
from dlfault_jupyter.render import to_text
from dlfault_jupyter.rules import lookup
from dlfault_jupyter.session import Session

DOUBLE_SOFTMAX = """
import torch
from torch import nn
model = nn.Sequential(nn.Linear(4, 3), nn.Softmax(dim=1))
loss_fn = nn.CrossEntropyLoss()
"""


def our_hooks(ip) -> list:
    return [cb for cb in ip.events.callbacks["post_run_cell"]
            if isinstance(getattr(cb, "__self__", None), Session)]


def our_magics(ip) -> dict[str, int]:
    mm = ip.magics_manager
    return {kind: int("dlcheck" in mm.magics[kind]) for kind in ("line", "cell")}


def test_package_import_imports_no_ipython_and_no_framework() -> None:
    code = ("import sys, dlfault_jupyter, dlfault_jupyter.findings, dlfault_jupyter.taxonomy; "
            "bad = [m for m in ('IPython', 'torch', 'tensorflow', 'keras', 'numpy', "
            "'ipywidgets') if m in sys.modules]; print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60, check=True)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


def test_loading_imports_no_framework() -> None:
    code = ("import sys\nfrom IPython.testing.globalipapp import start_ipython\n"
            "ip = start_ipython()\nip.run_line_magic('load_ext', 'dlfault_jupyter')\n"
            "ip.run_cell('x = [1, 2, 3]', store_history=True)\n"
            "print([m for m in ('torch', 'tensorflow', 'keras') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]", out.stdout + out.stderr


def test_load_unload_load_reload_leaves_one_hook_and_one_magic(ip) -> None:
    assert len(our_hooks(ip)) == 1 and our_magics(ip) == {"line": 1, "cell": 1}
    dlfault_jupyter.load_ipython_extension(ip)  # idempotent
    assert len(our_hooks(ip)) == 1
    ip.run_line_magic("load_ext", "dlfault_jupyter")
    assert len(our_hooks(ip)) == 1
    ip.run_line_magic("unload_ext", "dlfault_jupyter")
    assert our_hooks(ip) == [] and our_magics(ip) == {"line": 0, "cell": 0}
    ip.run_line_magic("load_ext", "dlfault_jupyter")
    ip.run_line_magic("reload_ext", "dlfault_jupyter")
    ip.run_line_magic("reload_ext", "dlfault_jupyter")
    assert len(our_hooks(ip)) == 1 and our_magics(ip) == {"line": 1, "cell": 1}
    assert sum(type(c).__name__ == "DLFault" for c in ip.configurables) == 1
    assert list(ip.magics_manager.registry).count("DLFaultMagics") == 1
    s = get_session(ip)
    s.config.display_mode = "text"
    s.config.budget_ms = 60_000.0
    with capture_output() as cap:
        ip.run_cell(DOUBLE_SOFTMAX, store_history=True)
    (rep,) = s.reports.values()
    assert [f.rule for f in rep.findings] == ["DLF-L001"]
    # one report printed, not one per hook
    assert cap.stdout.strip() == to_text(rep.findings, "beginner", rep.notes).strip()


def test_unload_removes_everything(ip) -> None:
    s = get_session(ip)
    dlfault_jupyter.unload_ipython_extension(ip)
    assert get_session(ip) is None
    assert our_hooks(ip) == []
    assert our_magics(ip) == {"line": 0, "cell": 0}
    assert "DLFaultMagics" not in ip.magics_manager.registry
    assert not [c for c in ip.configurables if type(c).__name__ in ("DLFault", "DLFaultMagics")]
    assert s.reports == {} and s.listeners == []
    dlfault_jupyter.unload_ipython_extension(ip)  # twice is harmless
    with capture_output() as cap:
        ip.run_cell(DOUBLE_SOFTMAX, store_history=True)
    assert "dlfault" not in cap.stdout and not cap.outputs
    with pytest.raises(Exception):  # noqa: B017 - the magic is gone
        ip.run_line_magic("dlcheck", "")


def test_unload_unregisters_the_comm_target(ip, monkeypatch) -> None:
    import comm

    from dlfault_jupyter.comm import TARGET

    dlfault_jupyter.unload_ipython_extension(ip)
    monkeypatch.setattr(ip, "kernel", object(), raising=False)  # looks like a kernel
    dlfault_jupyter.load_ipython_extension(ip)
    manager = comm.get_comm_manager()
    assert TARGET in manager.targets
    dlfault_jupyter.unload_ipython_extension(ip)
    assert TARGET not in manager.targets
    monkeypatch.delattr(ip, "kernel")
    dlfault_jupyter.load_ipython_extension(ip)


def test_hook_ignores_silent_and_unstored_runs_and_none(ip) -> None:
    s = get_session(ip)
    ip.run_cell(DOUBLE_SOFTMAX, store_history=False)
    assert s.reports == {}
    ip.run_cell("y = 2", silent=True)
    assert s.reports == {}
    s.post_run_cell(None)
    silent = ExecutionResult(ExecutionInfo(DOUBLE_SOFTMAX, store_history=True, silent=True,
                                           shell_futures=True, cell_id=None))
    s.post_run_cell(silent)
    assert s.reports == {}
    loud = ExecutionResult(ExecutionInfo(DOUBLE_SOFTMAX, store_history=True, silent=False,
                                         shell_futures=True, cell_id="abc"))
    loud.execution_count = 41
    with capture_output():
        s.post_run_cell(loud)
    assert [f.rule for f in s.reports[41].findings] == ["DLF-L001"]


def test_reentrant_run_is_ignored(ip, monkeypatch) -> None:
    cls = lookup("DLF-L001")
    calls = []
    orig = cls.check

    def check(self, ctx):
        calls.append(ctx.cell)
        ip.run_cell("inner = 1", store_history=True)  # a cell run from inside the hook
        yield from orig(self, ctx)

    monkeypatch.setattr(cls, "check", check)
    with capture_output() as cap:
        ip.run_cell(DOUBLE_SOFTMAX, store_history=True)
    assert len(calls) == 1
    assert "DLF-L001" in cap.stdout and "internal error" not in cap.stdout


def test_rule_error_is_a_one_line_note_without_traceback(ip, monkeypatch) -> None:
    cls = lookup("DLF-L001")

    def boom(self, ctx):
        raise RuntimeError("kaboom in a check")

    monkeypatch.setattr(cls, "check", boom)
    with capture_output() as cap:
        res = ip.run_cell(DOUBLE_SOFTMAX + "\nz = 3", store_history=True)
    assert res.success
    assert ip.user_ns["z"] == 3
    notes = [ln for ln in cap.stdout.splitlines() if "dlfault note" in ln]
    assert len(notes) == 1 and "DLF-L001" in notes[0] and "kaboom" in notes[0]
    assert "Traceback" not in cap.stdout + cap.stderr
    assert "Error in callback" not in cap.stdout + cap.stderr
    # with debug on, the traceback is shown
    get_session(ip).config.debug = True
    with capture_output() as cap:
        ip.run_cell("model = nn.Sequential(nn.Linear(4, 3), nn.Softmax(dim=1))",
                    store_history=True)
    assert "Traceback" in cap.stdout and "kaboom" in cap.stdout


def test_error_outside_rules_is_a_note(ip, monkeypatch) -> None:
    def broken(*a, **k):
        raise ValueError("context build failed")

    monkeypatch.setattr(Session, "build_context", broken)
    with capture_output() as cap:
        res = ip.run_cell("a = 1", store_history=True)
    assert res.success and ip.user_ns["a"] == 1
    assert "internal error: ValueError: context build failed" in cap.stdout
    assert "Traceback" not in cap.stdout + cap.stderr


def test_keyboard_interrupt_in_hook_does_not_escape(ip, monkeypatch) -> None:
    cls = lookup("DLF-L001")

    def interrupted(self, ctx):
        raise KeyboardInterrupt

    monkeypatch.setattr(cls, "check", interrupted)
    with capture_output() as cap:
        res = ip.run_cell(DOUBLE_SOFTMAX, store_history=True)
    assert res.success
    assert "Traceback" not in cap.stdout + cap.stderr
    assert "Error in callback" not in cap.stdout + cap.stderr
    # the session still works afterwards
    monkeypatch.undo()
    with capture_output() as cap:
        ip.run_cell("model = nn.Sequential(nn.Linear(4, 3), nn.Softmax(dim=1))",
                    store_history=True)
    assert "DLF-L001" in cap.stdout


def test_cell_that_raises_and_keyboard_interrupt_in_cell(ip) -> None:
    with capture_output() as cap:
        r1 = ip.run_cell("raise KeyboardInterrupt", store_history=True)
        r2 = ip.run_cell("1/0", store_history=True)
    assert not r1.success and not r2.success
    assert "internal error" not in cap.stdout


def test_config_magic_and_configurable_parent(ip) -> None:
    s = get_session(ip)
    ip.run_line_magic("config", 'DLFault.level = "expert"')
    assert s.config.level == "expert"
    ip.run_line_magic("config", "DLFault.muted = ['missing-zero-grad']")
    assert "DLF-T001" in s.muted
    ip.run_line_magic("config", 'DLFault.level = "beginner"')
    ip.run_line_magic("config", "DLFault.muted = []")
    # c.DLFault.level in the shell's config (ipython_config.py / kernel command line)
    dlfault_jupyter.unload_ipython_extension(ip)
    ip.config.DLFault.level = "expert"
    try:
        dlfault_jupyter.load_ipython_extension(ip)
        assert get_session(ip).config.level == "expert"
    finally:
        del ip.config["DLFault"]


def test_reset_threads_and_unload_mid_session(ip) -> None:
    s = get_session(ip)
    with capture_output() as cap:
        ip.run_cell(DOUBLE_SOFTMAX, store_history=True)
        ip.run_line_magic("reset", "-f")
        r = ip.run_cell("x = 1", store_history=True)
        # a cell that starts background threads which touch the namespace meanwhile
        ip.run_cell("import threading, time\nstop = threading.Event()\n"
                    "def spin():\n    while not stop.is_set():\n"
                    "        globals()['churn'] = [time.time()]\n"
                    "ts = [threading.Thread(target=spin, daemon=True) for _ in range(2)]\n"
                    "[t.start() for t in ts]", store_history=True)
        for i in range(5):
            ip.run_cell(f"v{i} = {i}", store_history=True)
        ip.run_cell("stop.set()\n[t.join() for t in ts]", store_history=True)
    assert r.success
    assert "internal error" not in cap.stdout and "Traceback" not in cap.stdout
    assert s.current_findings()[0].rule == "DLF-L001"  # from before the reset
    # unloading in the middle of a session, then going on
    dlfault_jupyter.unload_ipython_extension(ip)
    with capture_output() as cap:
        ip.run_cell(DOUBLE_SOFTMAX, store_history=True)
    assert "dlfault" not in cap.stdout
    dlfault_jupyter.load_ipython_extension(ip)
    get_session(ip).config.display_mode = "text"
    get_session(ip).config.budget_ms = 60_000.0
    with capture_output() as cap:
        ip.run_cell("model = nn.Sequential(nn.Linear(4, 3), nn.Softmax(dim=1))",
                    store_history=True)
    assert "DLF-L001" in cap.stdout
