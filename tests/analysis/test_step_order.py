"""One training iteration in order (dlfault_jupyter/analysis/step_order.py), on plain
snippets: the update (optimizer.step or scaler.step), zero_grad, clipping, unscale_, the
guards that count iterations, through helper functions."""

from __future__ import annotations

from dlfault_jupyter.analysis.loops import Program, events, training_steps
from dlfault_jupyter.analysis.step_order import modulus, order, step_bodies
from dlfault_jupyter.source import SourceFacts


def bodies(src: str, sources=None):
    p = Program(SourceFacts(src), sources=sources)
    return p, step_bodies(p, training_steps(p), events(p))


ACCUM = """
for epoch in range(3):
    for i, (xb, yb) in enumerate(loader):
        opt.zero_grad()
        loss = crit(net(xb), yb) / k
        loss.backward()
        if (i + 1) % k == 0:
            torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
            opt.step()
"""


def test_guarded_update_and_unguarded_zero_grad():
    p, [b] = bodies(ACCUM)
    assert b.update is not None and b.update.call.name == "opt.step"
    assert b.optimizer == "opt" and b.scaler is None
    test = b.every_k(b.update, p)
    assert test is not None and p.cell.segment(modulus(test)) == "k"
    [z] = b.zero_grads
    assert b.guard(z, p) is None                     # runs on every micro-batch
    [c] = b.clips
    assert order(b.backward) < order(c) < order(b.update)


def test_a_guard_that_does_not_count_is_not_accumulation():
    p, [b] = bodies(ACCUM.replace("(i + 1) % k == 0", "torch.isfinite(loss)"))
    assert b.guard(b.update, p) is not None and b.every_k(b.update, p) is None


def test_scaler_in_a_helper_function():
    helper = """
def train_batch(xb, yb):
    adam.zero_grad()
    loss = crit(net(xb), yb)
    amp.scale(loss).backward()
    amp.unscale_(adam)
    nn.utils.clip_grad_value_(net.parameters(), 0.5)
    amp.step(adam)
    amp.update()
"""
    p, [b] = bodies("for xb, yb in loader:\n    train_batch(xb, yb)\n",
                    sources={"train_batch": helper})
    assert b.scaler == "amp" and b.optimizer == "adam"
    assert b.update is not None and b.update.call.name == "amp.step"
    [u] = b.unscales
    [c] = b.clips
    assert order(b.backward) < order(u) < order(c) < order(b.update)


def test_clip_after_the_update_is_ordered_after_it():
    p, [b] = bodies("""
for xb, yb in loader:
    opt.zero_grad()
    crit(net(xb), yb).backward()
    opt.step()
    clip_grad_norm_(net.parameters(), 1.0)
""")
    [c] = b.clips
    assert order(c) > order(b.update)


def test_the_guard_of_a_helper_that_steps():
    helper = """
def apply_update(o):
    o.step()
    o.zero_grad()
"""
    p, [b] = bodies("""
for i, (xb, yb) in enumerate(loader):
    crit(net(xb), yb).backward()
    if i % 4 == 3:
        apply_update(opt)
""", sources={"apply_update": helper})
    assert b.update is not None and b.update.path == ("apply_update",)
    assert b.every_k(b.update, p) is not None
    assert all(b.guard(z, p) is not None for z in b.zero_grads)
