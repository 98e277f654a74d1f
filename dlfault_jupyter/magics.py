"""``%dlcheck`` (settings, explain, list) and ``%%dlcheck`` (run a cell instrumented)."""

from __future__ import annotations

from IPython.core.magic import Magics, cell_magic, line_magic, magics_class
from IPython.core.magic_arguments import argument, magic_arguments, parse_argstring

from .render.text import to_text
from .richtext import RichText, safe_markdown
from .rules import REGISTRY, load_all, lookup


def explain(rule: str) -> str:
    """The full documentation of a rule, as text (``%dlcheck explain ID``)."""
    cls = lookup(rule)
    if cls is None:
        return f"dlfault: no rule {rule!r}. `%dlcheck rules` lists them."
    from .docs import rule_markdown

    return rule_markdown(cls)


def explain_output(rule: str) -> RichText:
    """``%dlcheck explain ID``: the documentation as text and as (escaped) Markdown."""
    md = explain(rule)
    return RichText(md, markdown=safe_markdown(md))


def rules_output() -> RichText:
    """``%dlcheck rules``: one line per rule as text, a table in Markdown."""
    from .docs import rules_table

    load_all()
    rules = sorted(REGISTRY.values(), key=lambda c: c.id)
    text = "\n".join(f"{c.id}  {c.name:40s} {c.taxonomy:26s} {c.severity}" for c in rules)
    md = (f"**{len(rules)} rules** · `%dlcheck explain ID` shows one rule, its examples and "
          f"its fix\n\n{rules_table()}")
    return RichText(text, markdown=safe_markdown(md))


@magics_class
class DLFaultMagics(Magics):
    def __init__(self, shell, session) -> None:
        super().__init__(shell)
        self.session = session

    @line_magic("dlcheck")
    @magic_arguments()
    @argument("command", nargs="*",
              help="`explain RULE`: a rule's documentation; `rules`: list every rule. "
                   "Without a command: show all current findings.")
    @argument("--level", choices=["beginner", "expert"], help="explanation level")
    @argument("--mute", metavar="RULE", action="append", help="stop reporting a rule")
    @argument("--unmute", metavar="RULE", action="append", help="report a rule again")
    @argument("--off", action="store_true", help="stop checking after every cell")
    @argument("--on", action="store_true", help="check after every cell again")
    @argument("--debug", action="store_true", help="show tracebacks of internal errors")
    @argument("--no-debug", action="store_true", help="hide tracebacks of internal errors")
    def dlcheck_line(self, line: str = ""):  # noqa: C901 - one branch per option of %dlcheck
        """Settings and help of dlfault_jupyter.

        %dlcheck                     all current findings
        %dlcheck --level expert      switch the explanation level
        %dlcheck --mute DLF-T012     mute a rule (id or name); --unmute to undo
        %dlcheck --off / --on        pause / resume the after-cell checks
        %dlcheck explain DLF-T012    the full documentation of a rule
        %dlcheck rules               every rule
        """
        args = parse_argstring(self.dlcheck_line, line)
        s = self.session
        out: list[str] = []
        if args.level:
            s.set_level(args.level)
            out.append(f"dlfault: explanation level is {args.level}")
        for r in args.mute or ():
            try:
                cls = s.mute(r)
                out.append(f"dlfault: muted {cls.id} ({cls.name})")
            except KeyError:
                out.append(f"dlfault: no rule {r!r}")
        for r in args.unmute or ():
            try:
                cls = s.unmute(r)
                out.append(f"dlfault: unmuted {cls.id} ({cls.name})")
            except KeyError:
                out.append(f"dlfault: no rule {r!r}")
        if args.off:
            s.config.enabled = False
            out.append("dlfault: after-cell checks off (`%dlcheck --on` to resume)")
        if args.on:
            s.config.enabled = True
            out.append("dlfault: after-cell checks on")
        if args.debug:
            s.config.debug = True
            out.append("dlfault: debug on")
        if args.no_debug:
            s.config.debug = False
            out.append("dlfault: debug off")
        cmd = args.command
        rich: RichText | None = None  # text in a terminal, Markdown/HTML in a notebook
        if cmd:
            if cmd[0] == "explain" and len(cmd) == 2:
                if lookup(cmd[1]) is None:
                    out.append(explain(cmd[1]))
                else:
                    rich = explain_output(cmd[1])
            elif cmd[0] == "rules" and len(cmd) == 1:
                rich = rules_output()
            else:
                out.append("dlfault: unknown command; use `explain RULE` or `rules`")
        elif not out:
            fs = s.current_findings()
            if fs:
                from .render.html import to_html

                rich = RichText(to_text(fs, s.config.level), html=to_html(fs, s.config.level))
            else:
                out.append("dlfault: no current findings")
        if out:
            print("\n".join(out))
        if rich is not None:
            if s.mode() == "text":
                print(rich.text)
            else:
                from IPython.display import display

                display(rich)

    @cell_magic("dlcheck")
    def dlcheck_cell(self, line: str, cell: str):
        """Run the cell under runtime instrumentation and diagnose the training run.

        %%dlcheck [--steps N] [--every K] [--level beginner|expert]
        """
        from .runtime import run_cell_instrumented

        return run_cell_instrumented(self.session, line, cell)
