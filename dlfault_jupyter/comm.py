"""The control channel sidebar → kernel: one comm target with a closed message set.

Accepted messages (``data`` of a comm message), and nothing else:

====================================  =============================================
``{"op": "state"}``                   reply with the state
``{"op": "mute", "rule": R}``         mute rule R (id or name of a registered rule)
``{"op": "unmute", "rule": R}``       unmute rule R
``{"op": "level", "value": L}``       L in ``beginner``, ``expert``
``{"op": "recheck"}``                 run the namespace checks now; reply with findings
====================================  =============================================

Every reply is ``{"op": "state", ...}`` (plus ``{"op": "findings", ...}`` for ``recheck``)
or ``{"op": "error", "error": "<why>"}`` for a rejected message. Nothing is evaluated.

The kernel also pushes ``{"op": "state", ...}`` to every open comm whenever the level, the
muted rules or the on/off switch change, however they were changed (``%dlcheck --mute``,
``%config``, another front end): the sidebar and the reports follow at once.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from .rules import lookup

if TYPE_CHECKING:
    from .session import Session

TARGET = "dlfault_jupyter.control"
_RULE_RE = re.compile(r"DLF-[A-Z]\d{3}|[a-z0-9]+(-[a-z0-9]+)*", re.I)  # fullmatch: no "\n" tail
_SCHEMA: dict[str, set[str]] = {
    "state": set(), "recheck": set(), "mute": {"rule"}, "unmute": {"rule"}, "level": {"value"},
}


class ProtocolError(ValueError):
    pass


def validate(data: Any) -> dict[str, str]:
    """The message if it is one of the known ones, with valid fields; else ProtocolError."""
    if not isinstance(data, dict):
        raise ProtocolError("message must be an object")
    op = data.get("op")
    if not isinstance(op, str) or op not in _SCHEMA:
        raise ProtocolError("unknown op")
    keys = set(data) - {"op"}
    if keys != _SCHEMA[op]:
        raise ProtocolError(f"op {op!r} takes exactly {sorted(_SCHEMA[op])}")
    for k in keys:
        if not isinstance(data[k], str) or len(data[k]) > 64:
            raise ProtocolError(f"{k} must be a short string")
    if "rule" in keys and (not _RULE_RE.fullmatch(data["rule"]) or lookup(data["rule"]) is None):
        raise ProtocolError("unknown rule")
    if op == "level" and data["value"] not in ("beginner", "expert"):
        raise ProtocolError("level must be beginner or expert")
    return {k: data[k] for k in ("op", *sorted(keys))}


def state(session: Session) -> dict[str, Any]:
    return {"op": "state", "level": session.config.level,
            "muted": sorted(session.muted), "enabled": bool(session.config.enabled)}


def handle(session: Session, data: Any) -> list[dict[str, Any]]:
    """Apply one message; return the replies."""
    try:
        msg = validate(data)
    except ProtocolError as e:
        return [{"op": "error", "error": str(e)}]
    op = msg["op"]
    replies: list[dict[str, Any]] = []
    if op == "mute":
        session.mute(msg["rule"])
    elif op == "unmute":
        session.unmute(msg["rule"])
    elif op == "level":
        session.set_level(msg["value"])
    elif op == "recheck":
        replies.append({"op": "findings",
                        "findings": [f.to_dict() for f in session.recheck()]})
    return [state(session), *replies]


class Control:
    """Kernel side of the channel: registers the target, answers every open comm."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.comms: list[Any] = []
        self.manager = None
        self._answering: Any = None  # the comm being answered gets the reply, not a push
        session.listeners.append(self._on_settings)
        try:
            import comm as comm_pkg

            if getattr(session.shell, "kernel", None) is None:
                return
            self.manager = comm_pkg.get_comm_manager()
            self.manager.register_target(TARGET, self._open)
        except Exception:  # noqa: BLE001 - no kernel / no comm support: no channel
            self.manager = None

    def _open(self, comm: Any, open_msg: dict[str, Any]) -> None:
        self.comms.append(comm)

        def on_msg(msg: dict[str, Any]) -> None:
            data = (msg.get("content") or {}).get("data")
            self._answering = comm
            try:
                replies = handle(self.session, data)
            finally:
                self._answering = None
            for reply in replies:
                comm.send(reply)

        comm.on_msg(on_msg)
        comm.on_close(lambda _m: self.comms.remove(comm) if comm in self.comms else None)
        comm.send(state(self.session))

    def _on_settings(self) -> None:
        if [c for c in self.comms if c is not self._answering]:
            self.broadcast(state(self.session), skip=self._answering)

    def broadcast(self, data: dict[str, Any], skip: Any = None) -> None:
        for c in list(self.comms):
            if c is skip:
                continue
            try:
                c.send(data)
            except Exception:  # noqa: BLE001 - a closed comm: the others still get it
                pass

    def close(self) -> None:
        if self._on_settings in self.session.listeners:
            self.session.listeners.remove(self._on_settings)
        for c in list(self.comms):
            try:
                c.close()
            except Exception:  # noqa: BLE001 - the front end may be gone already
                pass
        self.comms.clear()
        if self.manager is not None:
            try:
                self.manager.unregister_target(TARGET, self._open)
            except Exception:  # noqa: BLE001 - the kernel's comm manager may be shut down
                pass
