"""The sidebar's control channel accepts only its known messages, with validated fields,
and never evaluates anything."""

from __future__ import annotations

import builtins

import pytest
from IPython.utils.capture import capture_output

from dlfault_jupyter import get_session
from dlfault_jupyter.comm import Control, ProtocolError, handle, validate

BAD_MESSAGES = [
    None, 1, "state", b"state", ["op", "state"], ("state",), {"op": "state", "x": 1},
    {}, {"op": None}, {"op": 1}, {"op": ["state"]}, {"op": "STATE"}, {"op": "eval"},
    {"op": "exec", "code": "import os"}, {"op": "__import__('os').system('id')"},
    {"op": "state", "op2": "state"}, {"op": "mute"}, {"op": "mute", "rule": None},
    {"op": "mute", "rule": 5}, {"op": "mute", "rule": ["DLF-L001"]},
    {"op": "mute", "rule": {"id": "DLF-L001"}}, {"op": "mute", "rule": "DLF-Z999"},
    {"op": "mute", "rule": "no-such-rule"}, {"op": "mute", "rule": "DLF-L001", "extra": "x"},
    {"op": "mute", "rule": "x" * 10_000_000}, {"op": "mute", "rule": "DLF-L001" * 9},
    {"op": "mute", "rule": "__import__('os').system('touch /tmp/pwned')"},
    {"op": "mute", "rule": "DLF-L001; import os"}, {"op": "mute", "rule": "DLF-L001\n"},
    {"op": "mute", "rule": "DLF-L001\nimport os"}, {"op": "mute", "rule": " DLF-L001"},
    {"op": "mute", "rule": "${jndi:ldap://x}"}, {"op": "unmute", "value": "DLF-L001"},
    {"op": "level", "value": "EXPERT"}, {"op": "level", "value": "expert "},
    {"op": "level", "value": 1}, {"op": "level", "rule": "expert"},
    {"op": "level", "value": "<script>alert(1)</script>"}, {"op": "recheck", "all": "yes"},
    {"op": "state", 1: "x"}, {"op": "mute", "rule": "DLF-L001", None: None},
]


@pytest.mark.parametrize("msg", BAD_MESSAGES, ids=lambda m: repr(m)[:40])
def test_malformed_messages_are_rejected(ip, msg) -> None:
    s = get_session(ip)
    before = (s.config.level, list(s.config.muted), s.config.enabled)
    with pytest.raises(ProtocolError):
        validate(msg)
    replies = handle(s, msg)
    assert len(replies) == 1 and replies[0]["op"] == "error"
    assert set(replies[0]) == {"op", "error"} and len(replies[0]["error"]) < 200
    assert (s.config.level, list(s.config.muted), s.config.enabled) == before


def test_known_messages(ip) -> None:
    s = get_session(ip)
    (st,) = handle(s, {"op": "state"})
    assert st == {"op": "state", "level": "beginner", "muted": [], "enabled": True}
    (st,) = handle(s, {"op": "mute", "rule": "softmax-before-cross-entropy"})
    assert st["muted"] == ["DLF-L001"]
    (st,) = handle(s, {"op": "unmute", "rule": "dlf-l001"})
    assert st["muted"] == []
    (st,) = handle(s, {"op": "level", "value": "expert"})
    assert st["level"] == "expert" and s.config.level == "expert"


def test_recheck_reports_namespace_findings_without_displaying(ip) -> None:
    s = get_session(ip)
    with capture_output():
        ip.run_cell("import torch\nfrom torch import nn\nloss_fn = nn.CrossEntropyLoss()",
                    store_history=True)
    ip.user_ns["model"] = __import__("torch").nn.Sequential(
        __import__("torch").nn.Linear(2, 2), __import__("torch").nn.Softmax(dim=1))
    with capture_output() as cap:
        st, found = handle(s, {"op": "recheck"})
    assert not cap.outputs and not cap.stdout
    assert st["op"] == "state" and found["op"] == "findings"
    assert [f["rule"] for f in found["findings"]] == ["DLF-L001"]
    assert s.reported == {}  # nothing marked as reported


def test_nothing_is_evaluated(ip, monkeypatch) -> None:
    s = get_session(ip)
    calls = []
    for name in ("eval", "exec", "compile", "__import__"):
        orig = getattr(builtins, name)

        def spy(*a, _orig=orig, _name=name, **k):
            # our own lazy relative imports (`from .x import y`, level 1) are not evaluation
            if not (_name == "__import__" and (a[4] if len(a) > 4 else k.get("level", 0))):
                calls.append(_name)
            return _orig(*a, **k)

        monkeypatch.setattr(builtins, name, spy)
    msgs = [{"op": "mute", "rule": "__import__('os').system('id')"},
            {"op": "level", "value": "__import__('os')"}, {"op": "state"},
            {"op": "mute", "rule": "DLF-L001"}, {"op": "unmute", "rule": "DLF-L001"}]
    for m in msgs:
        handle(s, m)
    monkeypatch.undo()
    assert calls == []
    assert ip.user_ns.get("os") is None


class FakeComm:
    """Records what the kernel side sends on one comm."""

    def __init__(self) -> None:
        self.sent: list = []
        self.handler = None
        self.close_handler = None
        self.closed = False

    def send(self, data) -> None:
        self.sent.append(data)

    def on_msg(self, f) -> None:
        self.handler = f

    def on_close(self, f) -> None:
        self.close_handler = f

    def close(self) -> None:
        self.closed = True

    def receive(self, data) -> list:
        n = len(self.sent)
        self.handler({"content": {"data": data}})
        return self.sent[n:]


def test_control_channel_round_trip(ip) -> None:
    s = get_session(ip)
    ctl = Control(s)  # no kernel: nothing registered
    assert ctl.manager is None
    c = FakeComm()
    ctl._open(c, {"content": {"data": {}}})
    assert c.sent == [{"op": "state", "level": "beginner", "muted": [], "enabled": True}]
    assert c.receive({"op": "mute", "rule": "DLF-T001"})[0]["muted"] == ["DLF-T001"]
    assert c.receive({"op": "exec", "code": "1"}) == [{"op": "error", "error": "unknown op"}]
    assert c.receive("garbage")[0]["op"] == "error"
    c.close_handler({})
    assert ctl.comms == []
    c2 = FakeComm()
    ctl._open(c2, {})
    ctl.close()
    assert c2.closed and ctl.comms == []


def test_settings_changed_in_the_kernel_are_pushed_to_every_comm(ip) -> None:
    """%dlcheck --mute/--level/--off (and %config) reach the sidebar at once: the kernel
    pushes the state to each open comm; the comm that asked gets its reply, not a copy."""
    s = get_session(ip)
    ctl = Control(s)
    a, b = FakeComm(), FakeComm()
    ctl._open(a, {})
    ctl._open(b, {})
    a.sent.clear()
    b.sent.clear()
    with capture_output():
        ip.run_line_magic("dlcheck", "--mute DLF-L001")
    assert a.sent == b.sent == [{"op": "state", "level": "beginner", "muted": ["DLF-L001"],
                                 "enabled": True}]
    with capture_output():
        ip.run_line_magic("dlcheck", "--level expert")
        ip.run_line_magic("dlcheck", "--off")
    assert [m["level"] for m in a.sent] == ["beginner", "expert", "expert"]
    assert a.sent[-1]["enabled"] is False and b.sent == a.sent
    with capture_output():
        ip.run_line_magic("config", "DLFault.enabled = True")
    assert a.sent[-1]["enabled"] is True
    # a message from comm a: a gets exactly one reply, b the push
    a.sent.clear()
    b.sent.clear()
    assert a.receive({"op": "unmute", "rule": "DLF-L001"}) == [
        {"op": "state", "level": "expert", "muted": [], "enabled": True}]
    assert b.sent == a.sent
    # an unchanged value pushes nothing; a closed Control stops listening
    b.sent.clear()
    with capture_output():
        ip.run_line_magic("dlcheck", "--level expert")
    assert b.sent == []
    ctl.close()
    with capture_output():
        ip.run_line_magic("dlcheck", "--mute DLF-T001")
    assert b.sent == [] and ctl._on_settings not in s.listeners
