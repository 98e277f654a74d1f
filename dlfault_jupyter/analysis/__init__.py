"""Facts computed once per cell and shared by the rules (see DESIGN.md, "The next shape").

``history``: the executions of cells in this kernel — which cell ran again, in what order,
and the cheap summaries of the values it read and wrote, before and after each execution.

Moved here from the old rule modules by the rules split (one file per rule), one topic each:
``roles`` (data roles, rules/data.py), ``training`` (torch/Keras training loops, loss<->model
pairing, Keras fit facts), ``errors`` (traceback/exception facts), ``lr`` (learning-rate
advice), ``gpu``, ``models`` (Keras models), ``pipelines`` (tf.data), ``state`` (notebook
state), ``runtime`` (%%dlcheck trace helpers and the ``RuntimeRule`` base).
"""
