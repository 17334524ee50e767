"""Argument checks shared by resource modules: clear errors before anything is sent."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

__all__ = ["check_bool", "check_choices", "check_int", "check_str", "one_or_many"]


def check_str(value: Any, name: str, *, allow_empty: bool = False) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, not {type(value).__name__}")
    if not allow_empty and not value:
        raise ValueError(f"{name} must not be empty")
    return value


def check_int(
    value: Any, name: str, *, minimum: int | None = None, maximum: int | None = None
) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name} must be <= {maximum}, got {value}")
    return value


def check_bool(value: Any, name: str) -> bool | None:
    if value is None:
        return None
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be a bool, not {type(value).__name__}")
    return value


def one_or_many(value: Any, name: str) -> list[str] | str | None:
    """A filter that takes one string or several (sent as ``name[]``)."""
    if value is None:
        return None
    if isinstance(value, str):
        if not value:
            raise ValueError(f"{name} must not be empty")
        return value
    if isinstance(value, Iterable) and not isinstance(value, bytes | dict):
        items = list(value)
        for item in items:
            if not isinstance(item, str):
                raise TypeError(f"{name} items must be str, not {type(item).__name__}")
            if not item:
                raise ValueError(f"{name} items must not be empty")
        return items
    raise TypeError(f"{name} must be a str or a list of str, not {type(value).__name__}")


def check_choices(value: Any, name: str, choices: Collection[str]) -> list[str] | str | None:
    """Like :func:`one_or_many`, refusing values outside ``choices`` (typos fail loudly)."""
    checked = one_or_many(value, name)
    values = [checked] if isinstance(checked, str) else checked or []
    unknown = [v for v in values if v not in choices]
    if unknown:
        raise ValueError(
            f"unknown {name} value(s) {', '.join(map(repr, unknown))}; "
            f"expected one of: {', '.join(sorted(choices))}"
        )
    return checked
