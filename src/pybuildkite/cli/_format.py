"""Rich building blocks shared by the commands: coloured states, times, sizes, tables."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from rich.table import Table
from rich.text import Text

__all__ = ["ago", "duration", "size", "state_text", "table"]

_STATE_STYLES = {
    "passed": "bold green",
    "finished": "green",
    "unblocked": "green",
    "connected": "green",
    "failed": "bold red",
    "failing": "red",
    "broken": "red",
    "timed_out": "red",
    "expired": "red",
    "lost": "red",
    "error": "red",
    "waiting_failed": "red",
    "blocked_failed": "red",
    "soft_failed": "yellow",
    "running": "yellow",
    "assigned": "yellow",
    "accepted": "yellow",
    "scheduled": "cyan",
    "waiting": "cyan",
    "blocked": "magenta",
    "canceling": "dim",
    "canceled": "dim",
    "skipped": "dim",
    "not_run": "dim",
    "disconnected": "dim",
}


def state_text(state: str | None) -> Text:
    return Text(state or "-", style=_STATE_STYLES.get(state or "", ""))


def ago(when: dt.datetime | None, now: dt.datetime | None = None) -> str:
    """A short relative time ("3m ago"); tables are read at a glance, JSON keeps full times."""
    if when is None:
        return "-"
    seconds = int(((now or dt.datetime.now(dt.UTC)) - when).total_seconds())
    if seconds < 0:
        return when.strftime("%Y-%m-%d %H:%M")
    for unit, length in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= length:
            return f"{seconds // length}{unit} ago"
    return f"{seconds}s ago"


def duration(start: dt.datetime | None, end: dt.datetime | None) -> str:
    if start is None:
        return "-"
    seconds = int(((end or dt.datetime.now(dt.UTC)) - start).total_seconds())
    minutes, seconds = divmod(max(0, seconds), 60)
    return f"{minutes}m{seconds:02d}s" if minutes else f"{seconds}s"


def size(n: int | None) -> str:
    if n is None:
        return "-"
    value = float(n)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{n} B" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")


def table(
    columns: Sequence[str], rows: Iterable[Sequence[Any]], *, title: str | None = None
) -> Table:
    """A table whose cells are plain strings (never read as markup) or rich Text."""
    out = Table(*columns, title=title, title_justify="left", header_style="bold")
    for row in rows:
        out.add_row(*(cell if isinstance(cell, Text) else Text(str(cell)) for cell in row))
    return out
