"""Facts computed once per cell and shared by the rules (see DESIGN.md, "The next shape").

``history``: the executions of cells in this kernel — which cell ran again, in what order,
and the cheap summaries of the values it read and wrote, before and after each execution.
"""
