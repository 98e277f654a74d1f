"""Two notebooks on one kernel (issue 8): JupyterLab lets a second notebook (or a console)
share a kernel. Their cells interleave in one IPython shell, each with its own cell ids; the
extension must keep their reports apart: a re-run in one notebook replaces only that cell's
report, and a finding already reported is not repeated for the other notebook."""

from __future__ import annotations

from dlfault_jupyter import get_session

FAULTY = ("import torch\nfrom torch import nn\n"
          "model = nn.Sequential(nn.Linear(4, 3), nn.Softmax(dim=1))\n"
          "loss_fn = nn.CrossEntropyLoss()")


def _run(ip, src: str, cell_id: str):
    return ip.run_cell(src, store_history=True, cell_id=cell_id)


def _rules(session, cell_id: str) -> list[str]:
    n = session.by_cell_id.get(cell_id)
    return [f.rule for f in session.reports[n].findings] if n in session.reports else []


def test_reports_of_two_notebooks_stay_apart(ip) -> None:
    s = get_session(ip)
    _run(ip, FAULTY, "A-1")                       # notebook A makes the fault
    assert _rules(s, "A-1") == ["DLF-L001"]
    _run(ip, "z = 1", "B-1")                      # notebook B: nothing new to say
    assert _rules(s, "B-1") == []
    assert _rules(s, "A-1") == ["DLF-L001"]       # A's report is untouched
    _run(ip, "w = 2", "B-2")
    _run(ip, FAULTY, "A-1")                       # A re-runs its cell: report replaced
    assert _rules(s, "A-1") == ["DLF-L001"]
    assert sum(1 for r in s.reports.values() for f in r.findings
               if f.rule == "DLF-L001") == 1      # one live report of the fault, not two
    _run(ip, "model = nn.Sequential(nn.Linear(4, 3))", "B-3")  # B fixes the shared model
    assert _rules(s, "B-3") == []
    _run(ip, FAULTY, "B-4")                       # B re-creates the fault: a new object
    assert _rules(s, "B-4") == ["DLF-L001"]
    assert ip.probe.changed == []
