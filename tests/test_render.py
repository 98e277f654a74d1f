"""The report: text, static HTML and findings JSON; the widget (level toggle, mute button);
re-running a cell replaces its report; namespace findings are reported once."""

from __future__ import annotations

import json

import ipywidgets as W
import pytest
from IPython.utils.capture import capture_output

from dlfault_jupyter import get_session
from dlfault_jupyter.findings import MIME, Finding
from dlfault_jupyter.render import mimebundle, to_html, to_text

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
CONTRACT_KEYS = {"rule", "taxonomy", "severity", "silent", "cell", "line", "subject",
                 "message", "beginner", "expert", "fix"}
SETUP = """
import torch
from torch import nn
loss_fn = nn.CrossEntropyLoss()
"""
BAD_MODEL = "model = nn.Sequential(nn.Linear(4, 3), nn.Softmax(dim=1))"


def run(ip, src: str, cell_id: str | None = None):
    with capture_output() as cap:
        ip.run_cell(src, store_history=True, cell_id=cell_id)
    return cap


def walk(w):
    yield w
    for ch in getattr(w, "children", ()):
        yield from walk(ch)


def buttons(w) -> list[W.Button]:
    return [x for x in walk(w) if isinstance(x, W.Button)]


def html_of(w) -> str:
    return "".join(x.value for x in walk(w) if isinstance(x, W.HTML))


def test_static_bundle_has_text_html_and_findings_json(ip) -> None:
    get_session(ip).config.display_mode = "static"
    run(ip, SETUP)
    count = ip.execution_count  # the count BAD_MODEL runs under (the shell is shared)
    cap = run(ip, BAD_MODEL)
    assert len(cap.outputs) == 1
    data = cap.outputs[0].data
    assert set(data) == {"text/plain", "text/html", MIME}
    assert "DLF-L001" in data["text/plain"] and "DLF-L001" in data["text/html"]
    payload = json.loads(json.dumps(data[MIME]))
    assert set(payload) == {"version", "cell_id", "execution_count", "findings", "notes",
                            "level"}
    assert payload["level"] == "beginner" and payload["execution_count"] == count
    (f,) = payload["findings"]
    assert set(f) == CONTRACT_KEYS and f["rule"] == "DLF-L001" and f["subject"] == "model"
    assert Finding.from_dict(f).to_dict() == f
    assert "<script" not in data["text/html"].lower()


def test_text_and_html_renderers_follow_the_level(ip) -> None:
    run(ip, SETUP)
    run(ip, BAD_MODEL)
    (rep,) = get_session(ip).reports.values()
    beg, exp = rep.findings[0].beginner, rep.findings[0].expert
    assert "expects raw scores" in to_text(rep.findings, "beginner")
    assert "NLLLoss(log_softmax" in to_text(rep.findings, "expert")
    h = to_html(rep.findings, "expert")
    # compact: one <details> per finding whose <summary> is the one line (mark, message);
    # inside, the chosen level first, the fix, then the other level in a nested <details>
    assert h.count("<details class=\"dlfault-finding\"") == 1
    summary = h[h.index("<summary"):h.index("</summary>")]
    assert "Softmax" in summary and "DLF-L001" in summary and f"cell [{rep.cell}]" in summary
    assert "NLLLoss(log_softmax" not in summary and "expects raw scores" not in summary
    assert h.index("NLLLoss(log_softmax") < h.index("<b>Fix</b>") \
        < h.index("<summary>For beginners</summary>") < h.index("expects raw scores")
    assert beg and exp
    b = mimebundle(rep, "beginner")
    assert b["text/plain"] == to_text(rep.findings, "beginner", rep.notes)


def test_widget_bundle_toggle_and_mute_button(ip) -> None:
    s = get_session(ip)
    s.config.display_mode = "widget"
    run(ip, SETUP)
    cap = run(ip, BAD_MODEL)
    (rep,) = s.reports.values()
    w = rep.widget
    assert w is not None
    assert len(cap.outputs) == 1
    assert set(cap.outputs[0].data) == {WIDGET_MIME, "text/html", "text/plain", MIME}
    assert cap.outputs[0].data[WIDGET_MIME]["model_id"] == w.model_id
    # level toggle
    assert "expects raw scores" in html_of(w) and "NLLLoss(log_softmax" not in html_of(w)
    w.toggle.value = "expert"
    assert "NLLLoss(log_softmax" in html_of(w) and "expects raw scores" not in html_of(w)
    s.set_level("beginner")  # %dlcheck --level reaches live widgets
    assert w.toggle.value == "beginner" and "expects raw scores" in html_of(w)
    # mute button
    (btn,) = [b for b in buttons(w) if b.description == "Mute this check"]
    btn.click()
    assert "DLF-L001" in s.muted
    assert "DLF-L001" not in html_of(w) and "1 muted" in html_of(w)
    assert not buttons(w)
    assert s.current_findings() == []
    s.unmute("DLF-L001")
    assert "DLF-L001" in html_of(w)


def test_rerun_of_a_cell_replaces_its_report(ip) -> None:
    s = get_session(ip)
    s.config.display_mode = "widget"
    run(ip, SETUP + BAD_MODEL, cell_id="cell-a")
    (old,) = s.reports.values()
    old_widget = old.widget
    assert old_widget.comm is not None
    run(ip, "b = 1", cell_id="cell-b")
    assert len(s.reports) == 1
    # the same cell again: its report is replaced, its finding reported again
    cap = run(ip, "pass", cell_id="cell-a")
    assert old_widget.comm is None  # closed
    assert len(s.reports) == 1
    (new,) = s.reports.values()
    assert new is not old and new.cell_id == "cell-a"
    assert [f.rule for f in new.findings] == ["DLF-L001"]
    assert len(cap.outputs) == 1
    # re-run once more, now fixed: no report is left for it
    run(ip, "model = nn.Sequential(nn.Linear(4, 3))", cell_id="cell-a")
    assert s.reports == {} and new.widget.comm is None
    assert s.current_findings() == []


def test_namespace_finding_reported_once_until_its_object_changes(ip) -> None:
    s = get_session(ip)
    run(ip, SETUP)
    assert "DLF-L001" in run(ip, BAD_MODEL).stdout
    for i in range(4):
        assert "DLF-L001" not in run(ip, f"v{i} = {i}").stdout
    assert len(s.reports) == 1
    assert "DLF-L001" in run(ip, BAD_MODEL).stdout  # a new object: reported again
    assert len(s.reports) == 2
    assert "DLF-L001" not in run(ip, "model.train()").stdout  # same object


def test_report_with_notes_only(ip) -> None:
    from dlfault_jupyter.session import Report

    rep = Report(3, None, [], ["time budget of 250 ms used up: 2 check(s) skipped (A, B)"])
    b = mimebundle(rep, "beginner")
    assert "dlfault note: time budget" in b["text/plain"]
    assert "dlfault note: time budget" in b["text/html"]
    assert b[MIME]["findings"] == [] and b[MIME]["notes"] == rep.notes


@pytest.mark.slow
def test_saved_notebook_through_nbconvert_html_is_complete_and_escaped(tmp_path) -> None:
    """What GitHub, VS Code and nbconvert show: a notebook run in a real kernel with the
    default display mode (no widget) and saved, exported to HTML: every report is there,
    whole (messages, both explanations, fixes), every user-derived string escaped, and no
    widget output or widget state to go missing."""
    import html as html_mod

    import nbformat
    from bs4 import BeautifulSoup
    from nbclient import NotebookClient
    from nbconvert import HTMLExporter

    payload = "<img src=x onerror=alert(1)>"
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) for c in (
        "%load_ext dlfault_jupyter",
        "import torch\nfrom collections import OrderedDict\nfrom torch import nn\n"
        f"model = nn.Sequential(OrderedDict([('fc', nn.Linear(4, 3)), ({payload!r}, "
        "nn.Softmax(dim=1))]))\nloss_fn = nn.CrossEntropyLoss()\n"
        "opt = torch.optim.SGD(model.parameters(), lr=0.1)",
        "X, y = torch.randn(8, 4), torch.randint(0, 3, (8,))\nfor _ in range(3):\n"
        "    loss = loss_fn(model(X), y)\n    loss.backward()\n    opt.step()",
    )]
    NotebookClient(nb, timeout=240, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    nbformat.write(nb, tmp_path / "saved.ipynb")
    saved = nbformat.read(tmp_path / "saved.ipynb", as_version=4)
    outputs = [o for c in saved.cells for o in c.get("outputs", [])]
    reports = [o for o in outputs if MIME in o.get("data", {})]
    assert len(reports) == 2
    assert not any(WIDGET_MIME in o.get("data", {}) for o in outputs)
    assert "widgets" not in saved.metadata

    body, _ = HTMLExporter().from_notebook_node(saved)
    soup = BeautifulSoup(body, "html.parser")
    shown = soup.select(".dlfault-report")
    assert len(shown) == 2

    def norm(s: str) -> str:  # markup splits words from punctuation: compare without blanks
        return "".join(s.replace("`", "").split())

    findings = [f for o in reports for f in o["data"][MIME]["findings"]]
    assert {f["rule"] for f in findings} >= {"DLF-L001", "DLF-T001"}
    text = norm(" ".join(r.get_text(" ") for r in shown))
    for f in findings:
        for key in ("message", "beginner", "expert", "fix"):
            if f[key]:
                assert norm(f[key]) in text, (f["rule"], key)
    # the layer name is text, never markup: escaped in the HTML, no element made of it
    assert any(payload in f["message"] for f in findings)
    assert payload not in body and html_mod.escape(payload) in body
    assert not soup.select(".dlfault-report img")
    assert not [e for r in shown for e in r.find_all(True)
                if any(a.lower().startswith("on") for a in e.attrs)]
    assert not any(s.get_text() and "dlfault" in s.get_text() for s in soup.find_all("script"))
    # compact: one <details> per finding, its <summary> the one line
    assert len(soup.select(".dlfault-report details.dlfault-finding")) == len(findings)
