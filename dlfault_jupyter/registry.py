"""The rule registry (re-exported by ``dlfault_jupyter.rules``).

A rule is declared once, in its own file ``rules/<area>/<id>_<name>.py`` (``<area>`` is the
folder of its fixtures ``tests/rules/<area>/<ID>-<name>/``); ``rules/_index.py`` maps each id
to its module and is generated (``scripts/new_rule.py``), in registration order. A rule
is declared, as a subclass of :class:`Rule` decorated with :func:`register`:
its metadata, its two explanations (beginner and expert), its fix and its ``check`` live
together, and the declaration is its documentation (``%dlcheck explain ID``, docs/rules.md).

Texts are templates filled with the fields of the :class:`Evidence` a check yields
(``str.format`` syntax, ``{{``/``}}`` for literal braces). They are plain text with
`backticks` for code; renderers escape them (HTML) and format the backticks. A rule whose
findings need different words in different cases declares each case as a named
:class:`Texts` variant (``texts = {"flatten": Texts(...)}``) and its check picks one with
``Evidence(variant="flatten", ...)``: every sentence is declared, none is built in
``check()``, and the docs show every variant.

Ids: ``DLF-<letter><3 digits>``; the letter is the area: M model.type, L model.layers.*,
S tensors.*, T training.*, G gpu, A api, E exception explainers (any taxonomy),
N notebook state — re-run cells and execution order (the category of the consequence).
Number ranges keep parallel work apart: 001-099 PyTorch, 101-199 Keras/TensorFlow,
201-299 framework-neutral data, 301-399 %%dlcheck runtime diagnoses. Ids are never
reused: removed ones go to ``_retired.py``.
"""

from __future__ import annotations

import importlib
import re
import string
import sys
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, ClassVar

from .findings import SEVERITIES, Finding
from .taxonomy import CATEGORIES

if TYPE_CHECKING:
    from .context import CellContext

ID_RE = re.compile(r"^DLF-([MLSTGAEN])(\d{3})$")
NAME_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
LETTER_AREAS = {
    "M": ("model.type",),
    "L": ("model.layers.choice", "model.layers.properties", "model.layers.activation"),
    "S": ("tensors.shape", "tensors.input"),
    "T": tuple(k for k in CATEGORIES if k.startswith("training.")),
    "G": ("gpu",),
    "A": ("api",),
    "E": tuple(CATEGORIES),
    "N": tuple(CATEGORIES),  # notebook state: re-runs and execution order (any consequence)
}
# Where the evidence of a rule comes from. "namespace" findings are about objects and are
# reported once until those objects change; the others are about one execution of a cell.
EVIDENCE_KINDS = ("namespace", "source", "exception", "runtime")
FRAMEWORK_MODULES = {"torch": "torch", "keras": "keras", "tensorflow": "tensorflow",
                     "numpy": "numpy"}

REGISTRY: dict[str, type[Rule]] = {}
_NAMES: dict[str, str] = {}


class Texts:
    """A named variant of a rule's texts (``Rule.texts``), picked by a check with
    ``Evidence(variant=...)``.

    ``message``, ``beginner``, ``expert`` and ``fix`` replace the rule's own templates;
    every other keyword declares a *part*: a template filled with the evidence's fields
    (and other parts of the picked variants) whose text becomes the field of that name in
    the rule's texts (``advice="Flatten each sample into {c} numbers first."`` fills
    ``{advice}``). Several variants may be picked at once (``variant=("flatten",
    "direct")``): they apply in that order, a later one overriding an earlier one.
    """

    MAIN = ("message", "beginner", "expert", "fix")
    __slots__ = ("templates",)

    def __init__(self, **templates: str) -> None:
        self.templates = templates

    def __repr__(self) -> str:
        return f"Texts({', '.join(self.templates)})"


class Items:
    """An evidence field made of several declared sentences, one per thing seen: each item
    ``(variant, fields)`` fills the part ``part`` of that :class:`Texts` variant with its own
    fields (and the finding's), and the field's text is those sentences joined with ``sep``
    (``Evidence(reasons=Items("reason", [("outside_tape", {"loss": "loss"})]))``): a list
    of reasons is declared like every other text, not built in ``check()``."""

    __slots__ = ("part", "items", "sep")

    def __init__(self, part: str, items: Iterable[tuple[str, dict[str, Any]]],
                 sep: str = "; ") -> None:
        self.part = part
        self.items = list(items)
        self.sep = sep

    def __bool__(self) -> bool:
        return bool(self.items)

    def __repr__(self) -> str:
        return f"Items({self.part!r}, {[v for v, _ in self.items]})"


class Evidence:
    """What a check saw: where, about which variable, and the fields its texts use.

    ``key`` identifies what the finding is about for de-duplication of namespace findings
    (default: the subject and the message); ``severity`` may lower or raise the rule's
    default for this one finding; ``variant`` names the rule's :class:`Texts` variant(s)
    this finding is written with (None: the rule's own texts).
    """

    __slots__ = ("line", "subject", "key", "severity", "variant", "fields")

    def __init__(self, *, line: int | None = None, subject: str | None = None,
                 key: Any = None, severity: str | None = None,
                 variant: str | tuple[str, ...] | None = None, **fields: Any) -> None:
        self.line = line
        self.subject = subject
        self.key = key
        self.severity = severity
        self.variant = variant
        self.fields = fields

    def __repr__(self) -> str:
        return f"Evidence(line={self.line}, subject={self.subject}, {self.fields})"


class _Fields(dict):
    def __missing__(self, key: str) -> str:
        raise KeyError(f"evidence lacks field {key!r}")


class _Parts(dict):
    """Evidence fields, and the parts of the picked text variants filled on first use
    (a part may use fields and other parts)."""

    def __init__(self, fields: dict[str, Any], parts: dict[str, str]) -> None:
        super().__init__(fields)
        self.parts = parts
        self.filling: set[str] = set()

    def __missing__(self, key: str) -> str:
        if key not in self.parts or key in self.filling:
            raise KeyError(f"evidence lacks field {key!r}")
        self.filling.add(key)
        self[key] = value = self.parts[key].format_map(self)
        return value


_PARA = re.compile(r"\n\s*\n")


def prose(text: str) -> str:
    """Reflow a text template: single line breaks become spaces, blank lines separate
    paragraphs (kept as one blank line)."""
    return "\n\n".join(" ".join(p.split()) for p in _PARA.split(text.strip()) if p.strip())


def fill(template: str | None, fields: dict[str, Any], code: bool = False) -> str | None:
    if template is None:
        return None
    text = template.format_map(_Fields(fields))
    return text.strip("\n").rstrip() if code else prose(text)


class Rule:
    id: ClassVar[str]
    name: ClassVar[str]
    title: ClassVar[str]
    taxonomy: ClassVar[str]
    severity: ClassVar[str]
    silent: ClassVar[bool]
    evidence: ClassVar[str]
    #: frameworks of which at least one must already be imported by the user
    #: (empty: always runs). Keys of FRAMEWORK_MODULES.
    frameworks: ClassVar[tuple[str, ...]] = ()
    #: "cell": after every cell; "runtime": only on %%dlcheck traces.
    scope: ClassVar[str] = "cell"
    #: a check that may take tens of milliseconds (a forward pass, a memory query): it runs
    #: after the cheap ones, so that it cannot use up the time budget before them.
    expensive: ClassVar[bool] = False
    message: ClassVar[str]
    beginner: ClassVar[str]
    expert: ClassVar[str]
    fix: ClassVar[str | None] = None
    known_false_alarms: ClassVar[str] = ""
    #: findings of one report with the same cause ("learning-rate") become one finding
    #: with one fix (dlfault_jupyter/causes.py); an Evidence field ``same_cause`` overrides it
    #: for one finding (None: this finding stands alone)
    cause: ClassVar[str | None] = None
    references: ClassVar[tuple[str, ...]] = ()
    #: named text variants (:class:`Texts`), picked by ``Evidence(variant=...)``
    texts: ClassVar[dict[str, Texts]] = {}

    def check(self, ctx: CellContext) -> Iterable[Evidence]:  # pragma: no cover
        raise NotImplementedError

    @classmethod
    def applies(cls, modules: Any = None) -> bool:
        modules = sys.modules if modules is None else modules
        return not cls.frameworks or any(FRAMEWORK_MODULES[f] in modules
                                         for f in cls.frameworks)

    @classmethod
    def to_finding(cls, ev: Evidence, cell: int) -> Finding:
        f = dict(ev.fields)
        f.setdefault("subject", ev.subject)
        f.setdefault("name_kw", _name_kw(f.get("layer")))
        for key, value in list(f.items()):
            if isinstance(value, Items):
                base = {k: v for k, v in f.items() if not isinstance(v, Items)}
                f[key] = value.sep.join(
                    cls.texts[name].templates[value.part].format_map(_Fields({**base, **own}))
                    for name, own in value.items)
        main = {"message": cls.message, "beginner": cls.beginner, "expert": cls.expert,
                "fix": cls.fix}
        parts: dict[str, str] = {}
        names = (ev.variant,) if isinstance(ev.variant, str) else ev.variant or ()
        for name in names:
            for key, template in cls.texts[name].templates.items():
                (main if key in main else parts)[key] = template
        if parts:   # filled now, reflowed with the text they go into
            filled = _Parts({k: v for k, v in f.items() if k not in parts}, parts)
            for key in parts:
                filled[key]   # fills it (and the parts it uses)
            f = dict(filled)
        return Finding(
            rule=cls.id, taxonomy=cls.taxonomy, severity=ev.severity or cls.severity,
            silent=cls.silent, cell=cell, line=ev.line, subject=ev.subject,
            message=fill(main["message"], f), beginner=fill(main["beginner"], f),
            expert=fill(main["expert"], f), fix=fill(main["fix"], f, code=True),
        )


_AUTO_NAME = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z][a-z0-9]*)*(?:_\d+)?$")
_KERAS_AUTO = ("dense", "conv", "dropout", "flatten", "lstm", "gru", "embedding", "batch_",
               "max_pooling", "average_pooling", "global_", "activation", "normalization")


def _name_kw(layer: object) -> str:
    """``, name="head"`` for a layer the user named; nothing for a name Keras made up
    (``dense_44``): a fix must not copy a counter that differs in every session."""
    if not isinstance(layer, str) or not layer.isidentifier():
        return ""
    if _AUTO_NAME.match(layer) and layer.startswith(_KERAS_AUTO):
        return ""
    return f', name="{layer}"'


def _validate(cls: type[Rule]) -> None:  # noqa: C901 - one check per field of a rule's declaration
    where = f"rule {getattr(cls, 'id', cls.__name__)}"
    m = ID_RE.match(getattr(cls, "id", ""))
    if not m:
        raise ValueError(f"{where}: id must match {ID_RE.pattern}")
    for attr in ("name", "title", "taxonomy", "severity", "silent", "evidence", "message",
                 "beginner", "expert"):
        if getattr(cls, attr, None) in (None, ""):
            raise ValueError(f"{where}: missing {attr}")
    if not NAME_RE.match(cls.name):
        raise ValueError(f"{where}: name {cls.name!r} must be kebab-case")
    if cls.taxonomy not in CATEGORIES:
        raise ValueError(f"{where}: unknown taxonomy {cls.taxonomy!r}")
    if cls.taxonomy not in LETTER_AREAS[m.group(1)]:
        raise ValueError(f"{where}: letter {m.group(1)} does not fit taxonomy {cls.taxonomy}")
    if cls.severity not in SEVERITIES:
        raise ValueError(f"{where}: bad severity {cls.severity!r}")
    if cls.evidence not in EVIDENCE_KINDS:
        raise ValueError(f"{where}: bad evidence kind {cls.evidence!r}")
    if cls.scope not in ("cell", "runtime"):
        raise ValueError(f"{where}: bad scope {cls.scope!r}")
    if (cls.scope == "runtime") != (cls.evidence == "runtime"):
        raise ValueError(f"{where}: runtime evidence goes with runtime scope")
    for fw in cls.frameworks:
        if fw not in FRAMEWORK_MODULES:
            raise ValueError(f"{where}: unknown framework {fw!r}")
    from .rules._retired import RETIRED  # rules/ imports this module: not at import time

    if cls.id in RETIRED:
        raise ValueError(f"{where}: id is retired ({RETIRED[cls.id]})")
    if cls.id in REGISTRY and REGISTRY[cls.id] is not cls:
        raise ValueError(f"{where}: duplicate id")
    if cls.name in _NAMES and _NAMES[cls.name] != cls.id:
        raise ValueError(f"{where}: duplicate name {cls.name!r}")
    for t in (cls.message, cls.beginner, cls.expert, cls.fix):
        if t:
            list(string.Formatter().parse(t))  # raises on a malformed template
    for name, variant in cls.texts.items():
        if not isinstance(variant, Texts) or not variant.templates:
            raise ValueError(f"{where}: text variant {name!r} must be a non-empty Texts")
        for t in variant.templates.values():
            list(string.Formatter().parse(t))


def register(cls: type[Rule]) -> type[Rule]:
    _validate(cls)
    REGISTRY[cls.id] = cls
    _NAMES[cls.name] = cls.id
    return cls


def load_all() -> dict[str, type[Rule]]:
    """Import every rule module listed in ``rules/_index.py``, in its order (no walk of the
    package: ``%load_ext`` has a small time budget)."""
    global _LOADED
    if not _LOADED:
        from .rules._index import RULES

        for mod in RULES.values():
            try:
                importlib.import_module(f"{_RULES}.{mod}")
            except ModuleNotFoundError as e:  # a module not written yet
                if e.name != f"{_RULES}.{mod}":
                    raise
        _LOADED = True
    return REGISTRY


_RULES = "dlfault_jupyter.rules"
_LOADED = False


def lookup(rule: str) -> type[Rule] | None:
    """A rule by id (``DLF-T012``, case-insensitive) or by name (``missing-zero-grad``)."""
    load_all()
    r = rule.strip()
    return REGISTRY.get(r.upper()) or REGISTRY.get(_NAMES.get(r.lower(), ""))


def rules_for(scope: str, modules: Any = None) -> Iterator[type[Rule]]:
    for cls in load_all().values():
        if cls.scope == scope and cls.applies(modules):
            yield cls
