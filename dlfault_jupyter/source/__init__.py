"""Facts about one cell's source, from its AST. Pure Python: no framework imports."""

from .facts import CallFact, LoopFact, SourceFacts, dotted

__all__ = ["CallFact", "LoopFact", "SourceFacts", "dotted"]
