"""Facts computed once per cell and shared by the rules (see DESIGN.md, "The next shape").

``history``: the executions of cells in this kernel — which cell ran again, in what order,
and the cheap summaries of the values it read and wrote, before and after each execution.

Moved here from the old rule modules by the rules split (one file per rule), one topic each:
``roles`` (data roles, rules/data.py), ``training`` (torch/Keras training loops, loss<->model
pairing, Keras fit facts), ``errors`` (traceback/exception facts), ``lr`` (learning-rate
advice), ``gpu``, ``models`` (Keras models), ``pipelines`` (tf.data), ``state`` (notebook
state), ``runtime`` (%%dlcheck trace helpers and the ``RuntimeRule`` base).

The shared understanding of a cell, each fact lazily computed once and cached on the
context as ``ctx.analysis`` (``cell.CellAnalysis``): ``names`` (names resolved through
imports and aliases, ``tf.keras`` → ``keras``), ``provenance`` (the one walk from a value to
its source, with the one table of conversions and what each keeps), ``devices`` (device
variables, placements, latent GPU faults), ``loops`` (training steps through the user's
helper functions at any depth), ``model_facts`` (the real module behind torch.compile /
DataParallel, output layer, activation, units), ``user_classes`` (the user's nn.Module /
Keras Layer classes and the bodies of their forward/call/__init__: calls resolved, returns
traced; ``ctx.analysis.classes``, ``ctx.analysis.method(obj, "forward")``), ``discarded``
(calls whose result is thrown away; ``ctx.analysis.discarded_calls``). Unit tests:
``tests/analysis/``.
"""
