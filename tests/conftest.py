from __future__ import annotations

import os

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")


@pytest.fixture(scope="session")
def _ipython():
    from IPython.testing import globalipapp

    # start_ipython() returns None when the global test shell exists already (a benchmark
    # smoke test may have started it); the module's get_ipython then returns it.
    globalipapp.start_ipython()
    return globalipapp.get_ipython()


def _light_reset(ip) -> None:
    """What `%reset -f` does for the user namespace and the output cache, without its full
    gc.collect() (about 2 s per test once TensorFlow is loaded)."""
    hidden = ip.user_ns_hidden
    for k in list(ip.user_ns):
        if k not in hidden and not (k.startswith("__") and k.endswith("__")):
            del ip.user_ns[k]
    ip.user_ns.get("_oh", {}).clear()
    for k in ("_", "__", "___"):
        ip.user_ns[k] = ""


@pytest.fixture
def ip(_ipython):
    """The in-process shell with a fresh namespace and the extension freshly loaded,
    with state probes around the extension's hook."""
    from harness import Probe

    import dlfault_jupyter

    ip = _ipython
    dlfault_jupyter.unload_ipython_extension(ip)
    _light_reset(ip)
    probe = Probe(ip)
    ip.events.register("post_run_cell", probe.pre)
    dlfault_jupyter.load_ipython_extension(ip)
    ip.events.register("post_run_cell", probe.post)
    ip.probe = probe
    session = dlfault_jupyter.get_session(ip)
    session.config.display_mode = "text"
    session.config.budget_ms = 60_000.0  # tests: never skip a rule for time
    yield ip
    ip.events.unregister("post_run_cell", probe.pre)
    ip.events.unregister("post_run_cell", probe.post)
    dlfault_jupyter.unload_ipython_extension(ip)
