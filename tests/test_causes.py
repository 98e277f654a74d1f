"""One cause, one finding: a learning rate of 10 is seen by the optimizer's settings
(DLF-T005), the diverging loss (DLF-T302), exploding gradients (DLF-T307) and the update
ratio (DLF-T309); the report shows ONE finding with ONE fix, and the fix agrees with what
the settings rule said in an earlier cell."""

from __future__ import annotations

from pathlib import Path

from harness import run_file

from dlfault_jupyter.causes import merge_related
from dlfault_jupyter.findings import Finding
from dlfault_jupyter.rules import Evidence, lookup

SETUP = """# %%
import torch
from torch import nn
torch.manual_seed(0)
X = torch.randn(256, 10) * 3
y = (X[:, 0] > 0).long()
deep = nn.Sequential(nn.Linear(10, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(),
                     nn.Linear(64, 2))
opt = torch.optim.SGD(deep.parameters(), lr=10)
loss_fn = nn.CrossEntropyLoss()
"""
TRAIN = """
%%dlcheck
for step in range(40):
    opt.zero_grad()
    loss = loss_fn(deep(X), y)
    loss.backward()
    opt.step()
"""
LR_RULES = {"DLF-T005", "DLF-T302", "DLF-T307", "DLF-T309", "DLF-T304", "DLF-T301"}
FIX = "opt = torch.optim.SGD(deep.parameters(), lr=0.01)   # was lr=10"


def test_learning_rate_of_10_in_two_cells_gives_one_finding_per_report_and_one_fix(
        ip, tmp_path: Path) -> None:
    nb = tmp_path / "lr.py"
    nb.write_text(SETUP + "\n# %%" + TRAIN)
    run = run_file(ip, nb)
    first = [f for f in run.findings if f.cell == 1]
    assert [f.rule for f in first] == ["DLF-T005"]
    assert first[0].fix == FIX
    second = [f for f in run.findings if f.cell == 2 and f.rule in LR_RULES]
    assert len(second) == 1, [(f.rule, f.message) for f in second]
    merged = second[0]
    assert merged.rule == "DLF-T302" and merged.severity == "error"
    assert merged.fix.splitlines()[0] == FIX           # the same fix as cell 1's
    assert "Adam" not in merged.fix
    assert "The same cause also shows as:" in merged.expert
    assert "(DLF-T307)" in merged.expert   # (and DLF-T309 when its probes saw the ratio)


def test_learning_rate_of_10_in_one_cell_is_one_finding_named_by_the_setting(
        ip, tmp_path: Path) -> None:
    nb = tmp_path / "lr1.py"
    nb.write_text("# %%" + TRAIN.replace("%%dlcheck\n", "%%dlcheck\n" + SETUP[5:]))
    run = run_file(ip, nb)
    lr = [f for f in run.findings if f.rule in LR_RULES]
    assert len(lr) == 1, [(f.rule, f.message) for f in lr]
    assert lr[0].rule == "DLF-T005" and lr[0].severity == "error"   # the worst of the group
    assert lr[0].fix == FIX
    assert "(DLF-T302)" in lr[0].beginner


def _pair(rule: str, subject: str, severity: str | None = None, cause: object = ...):
    cls = lookup(rule)
    fields = {} if cause is ... else {"same_cause": cause}
    ev = Evidence(subject=subject, **fields)
    f = Finding(rule=rule, taxonomy=cls.taxonomy, severity=severity or cls.severity,
                silent=True, cell=1, line=None, subject=subject, message=f"{rule} says.",
                beginner="b", expert="e", fix=f"fix of {rule}")
    return cls, ev, f


def test_merge_keeps_unrelated_findings_and_two_optimizers_settings_apart() -> None:
    a = _pair("DLF-T005", "g_opt")
    b = _pair("DLF-T005", "d_opt")
    c = _pair("DLF-T303", "model")                    # no cause: stands alone
    kept = [a, b, c]
    out = merge_related(kept, [p[2] for p in kept])
    assert [f.subject for f in out] == ["g_opt", "d_opt", "model"]


def test_merge_takes_the_worst_severity_and_an_evidence_field_can_opt_out() -> None:
    a = _pair("DLF-T309", "opt")                     # warning
    b = _pair("DLF-T307", "deep")                    # error
    c = _pair("DLF-T301", "loss", cause=None)        # NaN from the data: not this cause
    kept = [a, b, c]
    out = merge_related(kept, [p[2] for p in kept])
    assert [(f.rule, f.severity) for f in out] == [("DLF-T307", "error"), ("DLF-T301", "error")]
    assert out[0].fix == "fix of DLF-T307"
    assert "DLF-T309 says (DLF-T309)" in out[0].beginner


def test_one_rule_about_one_place_at_two_severities_is_one_finding() -> None:
    warn = _pair("DLF-T303", "model", cause=None)
    info = _pair("DLF-T303", "model", severity="info", cause=None)
    other = _pair("DLF-T303", "other_model", severity="info", cause=None)
    kept = [info, warn, other]
    out = merge_related(kept, [p[2] for p in kept])
    assert [(f.subject, f.severity) for f in out] == [("model", "warning"),
                                                      ("other_model", "info")]


def test_one_rule_twice_at_one_severity_keeps_both() -> None:
    a = _pair("DLF-T303", "model", cause=None)
    b = _pair("DLF-T303", "model", cause=None)
    b[2].message = "another piece of evidence."
    kept = [a, b]
    assert len(merge_related(kept, [p[2] for p in kept])) == 2
