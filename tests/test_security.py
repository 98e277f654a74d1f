"""Strings from the user's code and objects render as text; no network, no files."""

from __future__ import annotations

import os
import socket
from html.parser import HTMLParser

import ipywidgets as W
import pytest
from IPython.utils.capture import capture_output

from dlfault_jupyter import get_session
from dlfault_jupyter.findings import MIME, Finding
from dlfault_jupyter.render import to_html
from dlfault_jupyter.rules import lookup

PAYLOADS = ['<img src=x onerror=alert(1)>', '</script><script>alert(1)</script>',
            '"><svg onload=alert(1)>', "'onmouseover='alert(1)", '<!--', ']]><iframe>']
SAFE_TAGS = {"div", "span", "code", "pre", "p", "b", "details", "summary"}


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text = ""

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += attrs

    def handle_data(self, data):
        self.text += data


def assert_inert(html: str, payloads: list[str]) -> None:
    p = Tags()
    p.feed(html)
    p.close()
    assert set(p.tags) <= SAFE_TAGS, set(p.tags) - SAFE_TAGS
    assert not [a for a, _ in p.attrs if a.startswith("on")]
    for pl in payloads:
        assert pl in p.text or pl in " ".join(v or "" for _, v in p.attrs), pl


def widget_html(w) -> str:
    out, todo = [], [w]
    while todo:
        x = todo.pop()
        if isinstance(x, W.HTML):
            out.append(x.value)
        todo += list(getattr(x, "children", ()))
    return "".join(out)


def hostile_finding(p: str) -> Finding:
    return Finding(rule="DLF-L001", taxonomy="model.layers.choice", severity="error",
                   silent=True, cell=1, line=2, subject=p, message=f"`{p}` bad {p}",
                   beginner=f"{p}\n\n`{p}`", expert=f"x {p}", fix=f"{p} = 1")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_every_field_is_escaped_in_static_html(payload) -> None:
    f = hostile_finding(payload)
    for level in ("beginner", "expert"):
        html = to_html([f], level, notes=[f"note {payload}"], tracebacks=[payload])
        assert_inert(html, [payload])


def test_layer_name_payload_renders_as_text(ip) -> None:
    s = get_session(ip)
    s.config.display_mode = "widget"
    ip.user_ns["PAYLOAD"] = PAYLOADS[0] + PAYLOADS[1]
    src = """
import torch
from collections import OrderedDict
from torch import nn
loss_fn = nn.CrossEntropyLoss()
model = nn.Sequential(OrderedDict([("fc", nn.Linear(4, 3)), (PAYLOAD, nn.Softmax(dim=1))]))
"""
    with capture_output() as cap:
        ip.run_cell(src, store_history=True)
    (out,) = cap.outputs
    (rep,) = s.reports.values()
    assert PAYLOADS[0] in rep.findings[0].message  # the payload did reach the finding
    assert_inert(out.data["text/html"], [PAYLOADS[0] + PAYLOADS[1]])
    assert_inert(widget_html(rep.widget), [PAYLOADS[0] + PAYLOADS[1]])
    assert out.data[MIME]["findings"][0]["message"] == rep.findings[0].message  # JSON: raw


def test_exception_text_in_a_note_renders_as_text(ip, monkeypatch) -> None:
    s = get_session(ip)
    s.config.display_mode = "static"
    s.config.debug = True
    payload = PAYLOADS[1]

    def boom(self, ctx):
        raise RuntimeError(payload)

    monkeypatch.setattr(lookup("DLF-L001"), "check", boom)
    with capture_output() as cap:
        ip.run_cell("import torch\nx = 1", store_history=True)
    (out,) = cap.outputs
    assert payload in out.data[MIME]["notes"][0]
    assert_inert(out.data["text/html"], [payload])
    s.config.display_mode = "widget"
    with capture_output():
        ip.run_cell("y = 2", store_history=True)
    w = list(s.reports.values())[-1].widget
    assert_inert(widget_html(w), [payload])


def test_class_name_and_cell_payloads_in_the_widget(ip) -> None:
    s = get_session(ip)
    s.config.display_mode = "widget"
    from dlfault_jupyter.render.widget import ReportWidget
    from dlfault_jupyter.session import Report

    for p in PAYLOADS:
        w = ReportWidget(s, Report(1, p, [hostile_finding(p)], [p], [p]))
        s.config.debug = True
        w.refresh()
        assert_inert(widget_html(w), [p])
        assert_inert(w._repr_mimebundle_()["text/html"], [p])
        w.close()


SEVERAL_RULES = """
import torch
from torch import nn
torch.manual_seed(0)
X = torch.randn(32, 4)
y = torch.randint(0, 3, (32,))
model = nn.Sequential(nn.Linear(4, 3), nn.Softmax(dim=1))
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
for epoch in range(2):
    loss = loss_fn(model(X), y)
    loss.backward()
    optimizer.step()
"""


@pytest.mark.parametrize("mode", ["text", "static", "widget"])
def test_no_network_and_no_file(ip, monkeypatch, tmp_path, mode) -> None:
    s = get_session(ip)
    s.config.display_mode = mode
    monkeypatch.chdir(tmp_path)
    attempts = []

    def no_connect(self, *a, **k):
        attempts.append(a)
        raise OSError("network disabled by test")

    monkeypatch.setattr(socket.socket, "connect", no_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", no_connect)
    monkeypatch.setattr(socket, "create_connection", no_connect)
    before = sorted(os.listdir(tmp_path))
    with capture_output() as cap:
        ip.run_cell(SEVERAL_RULES, store_history=True)
        ip.run_line_magic("dlcheck", "")
        ip.run_line_magic("dlcheck", "explain DLF-T001")
    monkeypatch.undo()
    text = cap.stdout + "".join(str(o.data) for o in cap.outputs)
    assert "DLF-L001" in text and "DLF-T001" in text
    assert "internal error" not in text
    assert attempts == []
    assert sorted(os.listdir(tmp_path)) == before == []
