"""Helpers for Buildkite job logs.

A raw job log is terminal output: the agent prefixes lines with timestamp markers
(``ESC _ bk;t=1700000000000 BEL``), commands print ANSI colours and cursor movements, and
progress bars redraw one line with carriage returns. :func:`strip_log` turns that into the
plain text a person reads in a terminal.
"""

from __future__ import annotations

import re

__all__ = ["strip_log"]

_ESCAPES = re.compile(
    r"""
    \x1b[_\]P^X] .*? (?:\x07|\x1b\\)    # APC (Buildkite's bk;t= markers), OSC, DCS, PM, SOS
    | \x1b\[ [0-?]* [ -/]* [@-~]          # CSI: colours, cursor movement, erase
    | \x1b [ -/]* [0-~]                   # the remaining two-character escapes
    | \x9b [0-?]* [ -/]* [@-~]            # CSI in its 8-bit form
    """,
    re.VERBOSE | re.DOTALL,
)
# An unterminated sequence at the very end (a log cut mid-escape) is dropped as well.
_TRUNCATED = re.compile(r"\x1b(?:[_\]P^X][^\x07\x1b]*|\[[0-?]*[ -/]*)?\Z")
# C0 controls other than tab, newline, carriage return and backspace (handled below).
_CONTROLS = re.compile(r"[\x00-\x07\x0b\x0c\x0e-\x1f\x7f]")


def _visible(line: str) -> str:
    r"""What is left of one line once it has been redrawn with ``\r`` and ``\b``.

    The last non-empty redraw wins. A terminal would keep the tail of a longer earlier redraw,
    but progress bars clear it with an erase sequence, which is stripped before this runs.
    """
    if "\r" in line:
        line = next((seg for seg in reversed(line.split("\r")) if seg), "")
    if "\b" in line:
        chars: list[str] = []
        for char in line:
            if char != "\b":
                chars.append(char)
            elif chars:
                chars.pop()
        line = "".join(chars)
    return line


def strip_log(text: str) -> str:
    r"""Remove timestamp markers and ANSI escapes, and collapse ``\r``-redrawn lines.

    ``"\x1b_bk;t=1700000000000\x07\x1b[32mok\x1b[0m\r\n"`` becomes ``"ok\n"``, and a
    progress line ``"10%\r55%\r100%\n"`` becomes ``"100%\n"``.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    text = _ESCAPES.sub("", _TRUNCATED.sub("", text))
    text = _CONTROLS.sub("", text.replace("\r\n", "\n"))
    if "\r" not in text and "\b" not in text:
        return text
    return "\n".join(_visible(line) for line in text.split("\n"))
