"""%dlcheck: current findings, level, mute/unmute, off/on, explain, rules."""

from __future__ import annotations

from IPython.utils.capture import capture_output

from dlfault_jupyter import get_session
from dlfault_jupyter.rules import REGISTRY

DOUBLE_SOFTMAX = """
import torch
from torch import nn
model = nn.Sequential(nn.Linear(4, 3), nn.Softmax(dim=1))
loss_fn = nn.CrossEntropyLoss()
"""
NEW_MODEL = "model = nn.Sequential(nn.Linear(4, 3), nn.Softmax(dim=1))"


def magic(ip, line: str) -> str:
    with capture_output() as cap:
        ip.run_line_magic("dlcheck", line)
    return cap.stdout


def cell(ip, src: str) -> str:
    with capture_output() as cap:
        ip.run_cell(src, store_history=True)
    return cap.stdout


def test_no_findings_then_current_findings(ip) -> None:
    assert "no current findings" in magic(ip, "")
    cell(ip, DOUBLE_SOFTMAX)
    out = magic(ip, "")
    assert "DLF-L001" in out and "`model`" in out


def test_level_switches_explanations(ip) -> None:
    s = get_session(ip)
    assert "level is expert" in magic(ip, "--level expert")
    assert s.config.level == "expert"
    out = cell(ip, DOUBLE_SOFTMAX)
    assert "NLLLoss(log_softmax(x), y)" in out  # the expert text
    magic(ip, "--level beginner")
    out = magic(ip, "")
    assert "expects raw scores (logits)" in out and "NLLLoss(log_softmax" not in out


def test_mute_and_unmute_by_id_and_by_name(ip) -> None:
    s = get_session(ip)
    cell(ip, DOUBLE_SOFTMAX)
    assert "muted DLF-L001 (softmax-before-cross-entropy)" in magic(ip, "--mute DLF-L001")
    assert "DLF-L001" not in magic(ip, "")
    assert "DLF-L001" not in cell(ip, NEW_MODEL)
    assert "unmuted DLF-L001" in magic(ip, "--unmute softmax-before-cross-entropy")
    assert "DLF-L001" in cell(ip, NEW_MODEL)
    assert "muted DLF-L001" in magic(ip, "--mute softmax-before-cross-entropy")
    assert s.muted == frozenset({"DLF-L001"})
    assert "DLF-L001" not in cell(ip, NEW_MODEL)
    magic(ip, "--unmute dlf-l001")  # ids are case-insensitive
    assert s.muted == frozenset()


def test_unknown_rule_and_unknown_command(ip) -> None:
    assert "no rule 'DLF-Z999'" in magic(ip, "--mute DLF-Z999")
    assert "no rule 'nonexistent-rule'" in magic(ip, "--unmute nonexistent-rule")
    assert "no rule 'DLF-Q123'" in magic(ip, "explain DLF-Q123")
    assert "unknown command" in magic(ip, "frobnicate")
    assert get_session(ip).muted == frozenset()


def test_off_and_on(ip) -> None:
    assert "checks off" in magic(ip, "--off")
    assert "DLF-L001" not in cell(ip, DOUBLE_SOFTMAX)
    assert get_session(ip).reports == {}
    assert "checks on" in magic(ip, "--on")
    assert "DLF-L001" in cell(ip, NEW_MODEL)


def test_debug_switch(ip) -> None:
    s = get_session(ip)
    assert "debug on" in magic(ip, "--debug") and s.config.debug
    assert "debug off" in magic(ip, "--no-debug") and not s.config.debug


def test_explain_prints_the_rules_documentation(ip) -> None:
    for key in ("DLF-L001", "softmax-before-cross-entropy"):
        out = magic(ip, f"explain {key}")
        assert "DLF-L001" in out and "softmax-before-cross-entropy" in out
        assert "For beginners" in out and "For experts" in out
        assert "CrossEntropyLoss" in out
        assert "Example that triggers it" in out  # the bad fixture is shown


def test_rules_lists_every_rule(ip) -> None:
    out = magic(ip, "rules")
    lines = [ln for ln in out.splitlines() if ln.startswith("DLF-")]
    assert {ln.split()[0] for ln in lines} == set(REGISTRY)
    assert any("missing-zero-grad" in ln for ln in lines)
