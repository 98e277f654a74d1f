from __future__ import annotations

import ast
import functools
import re
from collections.abc import Iterator
from typing import Any

from ...analysis.roles import (
    Data,
    Use,
    _assigned_name,
    _framework_of,
    _pandas,
    _train_counterparts,
    sample_rows,
    summary,
    uses,
)
from ...context import CellContext
from ...frameworks import adapter
from ...registry import Evidence, Rule, Texts, register

# --------------------------------------------------------------------------------------
# validation: overlap and leakage
# --------------------------------------------------------------------------------------
_TOKEN_RE = re.compile(r"(?<![A-Za-z])(train|training|trn)(?![a-z])", re.I)


_EVAL_TOKENS = ("test", "val", "valid", "validation", "dev", "holdout")


def _counterparts(name: str) -> list[str]:
    """``X_train`` → ``X_test``, ``X_val``…; ``train_x`` → ``test_x``…"""
    return list(_counterparts_cached(name))


@functools.lru_cache(maxsize=4096)
def _counterparts_cached(name: str) -> tuple[str, ...]:
    out = []
    for tok in _EVAL_TOKENS:
        def sub(m: re.Match, tok: str = tok) -> str:
            w = m.group(1)
            return tok.upper() if w.isupper() else tok
        n2 = _TOKEN_RE.sub(sub, name, count=1)
        if n2 != name:
            out.append(n2)
    return tuple(out)


_EVAL_TOKEN_RE = re.compile(r"(?<![A-Za-z])(test|val|valid|validation|dev|holdout)(?![a-z])",
                            re.I)


def _train_partners(name: str) -> list[str]:
    """The names whose :func:`_counterparts` include ``name`` (``X_test`` → ``X_train``,
    ``X_Train``, ``X_TRAIN``, ``X_training``…), found by substitution, checked forward."""
    out = []
    for m in _EVAL_TOKEN_RE.finditer(name):
        for rep in ("train", "training", "trn"):
            for r in (rep, rep.upper(), rep.capitalize()):
                cand = name[:m.start(1)] + r + name[m.end(1):]
                if cand not in out and name in _counterparts_cached(cand):
                    out.append(cand)
    return out


def _has_continuous_column(m: Any) -> bool:
    """Some column of the sampled rows has (nearly) as many distinct values as there are
    distinct rows, so two equal rows are the same record, not two records that happen to
    agree (rows repeated on purpose, by oversampling, count once)."""
    import numpy as np

    n = len({np.ascontiguousarray(r).tobytes() for r in m})
    if n < 8:
        return False
    for j in range(m.shape[1]):
        if np.unique(m[:, j]).size >= 0.9 * n:
            return True
    return False


def _row_keys(m: Any) -> list[bytes]:
    import numpy as np

    out = []
    for r in m:
        if r.size and np.all(r == r[0]):
            out.append(b"")          # constant rows (blank images, padding) do not count
        else:
            out.append(np.ascontiguousarray(r).tobytes())
    return out


def _base_name(train: str) -> str:
    """``X_train`` → ``X``: the name of the whole data set the user probably split."""
    b = _TOKEN_RE.sub("", train, count=1).strip("_")
    return b if b.isidentifier() and b != train else "X"


def _view_overlap(a: Any, b: Any, fa: str, fb: str) -> int | None:
    """Rows of ``b`` that are the very same memory as rows of ``a`` when both are row
    slices of one buffer (``X[:800]`` and ``X[600:]``); ``None`` when that cannot be told
    from pointers and strides (copies, other layouts). O(1)."""
    if fa != fb or fa not in ("numpy", "torch"):
        return None
    try:
        if fa == "numpy":
            pa, pb = a.__array_interface__["data"][0], b.__array_interface__["data"][0]
            sa, sb = a.strides, b.strides
            if a.dtype != b.dtype:
                return None
        else:
            if a.device.type != "cpu" or b.device.type != "cpu" or a.dtype != b.dtype:
                return None
            es = a.element_size()
            pa, pb = a.data_ptr(), b.data_ptr()
            sa, sb = tuple(x * es for x in a.stride()), tuple(x * es for x in b.stride())
    except Exception:  # noqa: BLE001
        return None
    if sa != sb or not sa or sa[0] <= 0:
        return None
    row = sa[0]
    # the rows of one must be a contiguous block of rows for the arithmetic to hold
    if (pb - pa) % row:
        return 0 if abs(pb - pa) >= row * (int(a.shape[0]) + int(b.shape[0])) else None
    off = (pb - pa) // row
    lo, hi = max(0, off), min(int(a.shape[0]), off + int(b.shape[0]))
    return max(0, hi - lo)


# how a (train, test) pair was found: the name of its text variant
_FROM_SPLIT = "pair_one_split"    # the outputs of one train_test_split call
_BY_NAME = "pair_by_name"         # X_train / X_test
_FIT_EVAL = "pair_fit_evaluate"   # fit on the one, evaluate on the other


_MAX_INDICES = 2_000_000   # a training index set read once per new pair, at most this long


def _subset_of(obj: Any) -> tuple[Any, Any] | None:
    """(base dataset, indices) of a torch ``Subset`` (a subclass too), or of a loader over
    one; None otherwise. Never iterates the loader."""
    t = adapter("torch")
    if t is None:
        return None
    ds = getattr(obj, "dataset", None) if hasattr(obj, "batch_size") else obj
    if t.framework_name(ds) not in t.vocab.INDEX_SUBSETS:
        return None
    base, idx = getattr(ds, "dataset", None), getattr(ds, "indices", None)
    if base is None or idx is None or not hasattr(idx, "__len__"):
        return None
    return base, idx


def _as_ints(idx: Any, limit: int) -> list[int] | None:
    """At most ``limit`` indices as ints, evenly spaced (all when shorter)."""
    n = len(idx)
    if n == 0 or n > _MAX_INDICES:
        return None
    step = max(1, n // limit)
    try:
        return [int(idx[i]) for i in range(0, n, step)][:limit]
    except (TypeError, ValueError, IndexError):
        return None


def _index_overlaps(ctx: CellContext) -> Iterator[tuple[str, str, int, int, str, str, str]]:
    """(train, test, shared, checked, base name, index names) for a training and a test
    subset (by their names) that take indices of the same dataset object and share
    some: each index set was drawn on its own (two ``np.random.choice`` calls), not
    from one permutation."""
    subs = {}
    for v in ctx.ns.of_kind("loader", "dataset", framework="torch"):
        got = _subset_of(v.obj)
        if got is not None:
            subs[v.name] = (v, *got)
    for name, (v, base, idx) in subs.items():
        for other in _counterparts(name):
            if other not in subs:
                continue
            w, base2, idx2 = subs[other]
            if base2 is not base or not (v.new or w.new or _used_now(ctx, name, other)):
                continue
            train = _as_ints(idx, _MAX_INDICES)
            test = _as_ints(idx2, 4096)
            if not train or not test:
                continue
            seen = set(train)
            shared = sum(1 for i in test if i in seen)
            if shared:
                yield (name, other, shared, len(test), ctx.ns.name_of(base) or "dataset",
                       ctx.ns.name_of(idx) or "train_idx", ctx.ns.name_of(idx2) or "test_idx")


def _used_now(ctx: CellContext, *names: str) -> bool:
    return any(u.line is not None and u.name in names for u in uses(ctx))


@register
class TrainTestOverlap(Rule):
    id = "DLF-T207"
    name = "train-test-overlap"
    title = "Test samples also appear in the training data"
    taxonomy = "training.validation"
    severity = "warning"
    silent = True
    evidence = "namespace"
    frameworks = ("torch", "keras", "tensorflow")
    message = ("{found} of {checked} checked rows of `{test}` are also rows of `{train}` "
               "{how}: the test data overlaps the training data (overlap {est}).")
    beginner = """Some samples of `{test}` are also in `{train}`. The model has already
seen them during training, so its score on `{test}` is too optimistic: it measures
memory, not how well it works on new data. Split the data once into separate parts (for
example with `train_test_split`) and never take test rows from the training rows."""
    expert = """How it was measured: {method}. Held-out metrics on overlapping
data are biased upward (leakage); deduplicate before splitting (group-wise splits for
near-duplicates) and re-evaluate."""
    fix = """# disjoint rows; split the labels with the same ranges (or the same call)
n_train = int(0.8 * len({base}))
{train}, {test} = {base}[:n_train], {base}[n_train:]
# or: from sklearn.model_selection import train_test_split
# {train}, {test}, y_train, y_test = train_test_split({base}, y, test_size=0.2, random_state=0)"""
    texts = {
        # how the pair was found
        "pair_by_name": Texts(how="(a train/test pair by name)"),
        "pair_fit_evaluate": Texts(how="(trained on the one, evaluated on the other)"),
        "pair_one_split": Texts(
            how="(the training and test outputs of one `train_test_split` call)"),
        # how the overlap was measured
        "views": Texts(est="{share}, exact", method="""the two arrays are views of the same
memory: the overlapping rows were counted exactly"""),
        "sampled_rows": Texts(
            est="roughly {share}",
            method="""{checked} sampled test rows were compared with {k_train} randomly
sampled training rows (of {n_train}) on a strided subset of at most 256 values per row,
constant rows ignored; scaling by the training sampling rate gives the estimate"""),
        # one split call draws disjoint indices: shared rows were copies before it (the
        # sampled share is a lower bound: repeated rows make the scaled estimate meaningless)
        "duplicated": Texts(
            est="at least {share}",
            beginner="""Some samples of `{test}` are also in `{train}`. Both come out of one
`train_test_split` call, which never puts the same row on both sides, so these rows were
already repeated in the data that was split (oversampling, augmentation copies, or
duplicate records). The model has seen the test copies during training, so its score on
`{test}` measures memory, not how well it works on new data. Split the original data
first, then oversample or augment only the training part.""",
            fix="""# split the rows as they were BEFORE they were repeated into {data}:
{targets} = train_test_split(...)
# then oversample / augment the rows of {train} only (never those of {test})"""),
        # two subsets of one dataset whose index sets were drawn independently
        "indices": Texts(
            how="(both are subsets of the same `{base}`)",
            method="""the indices of `{test}`'s subset ({checked} read) were looked up among
those of `{train}`'s subset""",
            message="{found} of {checked} checked samples of `{test}` are also samples of "
                    "`{train}` {how}: the index sets overlap (overlap {est}).",
            beginner="""`{train}` and `{test}` take samples of the same `{base}` by index, and
{found} of the {checked} indices of `{test}` are also indices of `{train}`. Index sets
drawn one after the other (two random choices) are not disjoint: the model is tested on
samples it was trained on, so the test score is too optimistic. Shuffle the indices once
and cut them into two parts.""",
            fix="""perm = np.random.permutation(len({base}))     # one shuffle, cut in two
n_train = int(0.8 * len({base}))
{idx}, {tidx} = perm[:n_train], perm[n_train:]"""),
    }
    known_false_alarms = ("Datasets with genuine duplicate samples (tabular data with few "
                          "distinct values is skipped).")
    references = ("https://scikit-learn.org/stable/common_pitfalls.html#data-leakage",)

    def _pairs(self, ctx: CellContext) -> list[tuple[str, str, str]]:  # noqa: C901 - one case per way a split pair is written (split call, slices, names)
        """(train, test, the variant saying how the pair was found)."""
        pairs: dict[tuple[str, str], str] = {}
        self._split_input: dict[tuple[str, str], str] = {}
        self._split_targets: dict[tuple[str, str], str] = {}
        arrays = {v.name: v for v in ctx.ns.of_kind("array", "tensor")}
        # X_tr, X_val = train_test_split(X_train): X_val is drawn from X_train on purpose
        # (a validation split of the training part), not a test set that overlaps it; only
        # training on X_train and evaluating on X_val would be (the fit/evaluate pairs)
        split_of: set[tuple[str, str]] = set()
        if ctx.source.ok:
            for c in ctx.source.calls:
                if c.attr != "train_test_split":
                    continue
                targets = (_assigned_name(ctx, c.node) or "").split()
                if c.args and isinstance(c.args[0], ast.Name):
                    for t in targets:
                        split_of.add((c.args[0].id, t))
                # the outputs of one split come in (train, test) pairs, one per input
                # array, whatever they are called: rows found on both sides were
                # duplicated before the split (the split itself draws disjoint indices)
                if len(targets) >= 2 and len(targets) % 2 == 0:
                    for i in range(0, len(targets), 2):
                        pairs.setdefault((targets[i], targets[i + 1]), _FROM_SPLIT)
                        if c.args and isinstance(c.args[0], ast.Name):
                            self._split_input[(targets[i], targets[i + 1])] = c.args[0].id
                        self._split_targets[(targets[i], targets[i + 1])] = ", ".join(targets)
        # only pairs with a new member: per new name, its test partners and its train
        # partners (unchanged objects cost nothing, however many: issue #7)
        for name, v in arrays.items():
            if not v.new:
                continue
            for other in _counterparts(name):
                if other in arrays and (name, other) not in split_of:
                    pairs.setdefault((name, other), _BY_NAME)
            for other in _train_partners(name):
                if other in arrays and (other, name) not in split_of:
                    pairs.setdefault((other, name), _BY_NAME)
        pda = _pandas()
        if pda is not None and ctx.source.ok:
            # DataFrames are not in the namespace view: those assigned in this cell
            for name in sorted(ctx.source.assigned_names()):
                if not pda.is_frame(ctx.user_ns.get(name)):
                    continue
                for other in [*_counterparts(name), *_train_counterparts(name)]:
                    if pda.is_frame(ctx.user_ns.get(other)):
                        key = (name, other) if other in _counterparts(name) else (other, name)
                        pairs.setdefault(key, _BY_NAME)
            arrays = {**arrays, **{n: None for n in ctx.source.assigned_names()
                                   if pda.is_frame(ctx.user_ns.get(n))}}
        fit_x = {u.name for u in uses(ctx) if u.role == "x" and u.how == "fit" and u.exact}
        eval_x = {u.name for u in uses(ctx) if u.role == "x" and u.how == "evaluate"
                  and u.exact}
        for a in fit_x:
            for b in eval_x:
                if a != b and a in arrays and b in arrays and (
                        arrays[a] is None or arrays[b] is None or arrays[a].new
                        or arrays[b].new or _used_now(ctx, a, b)):
                    pairs.setdefault((a, b), _FIT_EVAL)
        return [(a, b, how) for (a, b), how in pairs.items()]

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        for train, test, shared, checked, base, idx, tidx in _index_overlaps(ctx):
            yield Evidence(subject=test, key=("overlap", train), train=train, test=test,
                           base=base, idx=idx, tidx=tidx, found=shared, checked=checked,
                           est=f"{shared / checked:.0%}", variant="indices")
        for train, test, how in self._pairs(ctx):
            a, b = ctx.user_ns.get(train), ctx.user_ns.get(test)
            fa, fb = _framework_of(a), _framework_of(b)
            if fa is None or fb is None:
                continue
            if tuple(a.shape[1:]) != tuple(b.shape[1:]) or len(a.shape) < 2:
                continue
            da = Data(train, train, a, fa, Use(train, "x", "", None, True, True))
            db = Data(test, test, b, fb, Use(test, "x", "", None, False, True))
            sa, sb = summary(da), summary(db)
            if not (sa and sb and sa.has_values and sb.has_values):
                continue
            if sa.uniques is not None or sb.uniques is not None:
                continue   # few distinct values: duplicates can be genuine
            if "object" in (sa.dtype, sb.dtype):
                continue   # frames with text/categorical columns: rows not fully compared
            n_train, n_test = int(a.shape[0]), int(b.shape[0])
            shared = n_test if a is b else _view_overlap(a, b, fa, fb)
            if shared:   # views of one buffer (copies fall through to hashing)
                yield Evidence(subject=test, key=("overlap", train), train=train, test=test,
                               base=_base_name(train), found=shared, checked=n_test,
                               k_train=n_train, share=f"{shared / n_test:.0%}",
                               variant=(how, "views"))
                continue
            ma, mb = sample_rows(da, random=True), sample_rows(db)
            if ma is None or mb is None:
                continue
            if len(a.shape) == 2 and ma.shape[1] <= 64 and not _has_continuous_column(ma):
                # a narrow table of discrete features (Titanic: class, sex, median-filled
                # age, common fares): different records can share every value
                continue
            keys_a = set(_row_keys(ma)) - {b""}
            keys_b = [k for k in _row_keys(mb) if k]
            checked, k_train = len(keys_b), ma.shape[0]
            if checked < 2:
                continue
            found = sum(1 for k in keys_b if k in keys_a)
            if found < 2 and not (found == 1 and checked < 20):
                continue
            frac = found / checked * (n_train / k_train)
            if found / checked < 0.02 and frac < 0.05:
                continue
            dup = how == _FROM_SPLIT
            yield Evidence(subject=test, key=("overlap", train), train=train, test=test,
                           base=_base_name(train), found=found, checked=checked,
                           k_train=k_train, n_train=n_train,
                           variant=(how, "sampled_rows", "duplicated") if dup else
                           (how, "sampled_rows"),
                           data=self._split_input.get((train, test), "the data"),
                           targets=self._split_targets.get((train, test), f"{train}, {test}"),
                           share=f"{found / checked:.0%}" if dup else f"{min(frac, 1.0):.0%}")
