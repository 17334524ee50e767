"""Argument checks shared by resource modules: clear errors before anything is sent."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from ._types import NOT_GIVEN, NotGiven

if TYPE_CHECKING:
    from ._request import APIRequest

T = TypeVar("T")

__all__ = [
    "FieldSpec",
    "check_body",
    "check_bool",
    "check_choices",
    "check_enum",
    "check_fields",
    "check_int",
    "check_str",
    "one_or_many",
    "require_change",
    "require_positive_int",
    "require_str",
]


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


def require_positive_int(value: Any, name: str) -> int:
    """A required int >= 1 (a build number, a byte count)."""
    checked = check_int(value, name, minimum=1)
    if checked is None:
        raise TypeError(f"{name} must be an int, not None")
    return checked


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


#: What each body field accepts; ``None`` in a tuple means JSON ``null`` is meaningful
#: (on update it clears the setting).
FieldSpec = Mapping[str, tuple[type | None, ...]]

_KIND_NAMES = {str: "a str", bool: "a bool", int: "an int", list: "a list", dict: "a mapping"}


def _check_field(name: str, value: Any, kinds: tuple[type | None, ...]) -> Any:
    if value is None:
        if None in kinds:
            return None
        raise TypeError(f"{name} cannot be None (leave it out instead)")
    for kind in kinds:
        if kind is dict and isinstance(value, Mapping):
            return dict(value)
        if kind is list and isinstance(value, Sequence) and not isinstance(value, str | bytes):
            return list(value)
        if kind is int and isinstance(value, bool):
            continue  # True is an int to Python, never a number of minutes to Buildkite
        if kind is not None and kind not in (dict, list) and isinstance(value, kind):
            return value
    expected = " or ".join("None" if k is None else _KIND_NAMES[k] for k in kinds)
    raise TypeError(f"{name} must be {expected}, not {type(value).__name__}")


def check_fields(values: Mapping[str, Any], spec: FieldSpec) -> dict[str, Any]:
    """The body: each field of ``spec`` taken from ``values`` (a method's ``locals()``), checked.

    NOT_GIVEN fields stay NOT_GIVEN (the request drops them); mappings and sequences become
    plain dicts and lists so that they serialise as JSON objects and arrays.
    """
    body: dict[str, Any] = {}
    for name, kinds in spec.items():
        value = values.get(name, NOT_GIVEN)
        body[name] = value if isinstance(value, NotGiven) else _check_field(name, value, kinds)
    return body


def require_str(value: Any, name: str) -> str:
    """A required, non-empty string field."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, not {type(value).__name__}")
    checked = check_str(value, name)
    assert checked is not None
    return checked


def require_change(req: APIRequest[T], what: str) -> APIRequest[T]:
    """An update that changes nothing is a mistake; say so instead of sending it."""
    if req.body in (None, b"{}"):
        raise ValueError(f"{what}: give at least one field to change")
    return req


def check_enum(value: Any, name: str, choices: Collection[str]) -> Any:
    """A single documented value of a body field (typos fail here, not as a 422)."""
    if isinstance(value, NotGiven):
        return value
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, not {type(value).__name__}")
    return check_choices(value, name, choices)


def check_body(
    body: Mapping[str, Any],
    *,
    required: Collection[str] = (),
    bools: Collection[str] = (),
    choices: Mapping[str, Collection[str]] | None = None,
    allow_empty: Collection[str] = (),
) -> dict[str, Any]:
    """Check a JSON body's scalar fields: strings unless named in ``bools``.

    NOT_GIVEN fields are left for ``api_request`` to drop; ``None`` (sent as ``null``, which
    clears a field) is refused only for ``required`` ones. Fields that are neither plain strings
    nor booleans must be checked by the caller and listed in neither.
    """
    choices = choices or {}
    for name, value in body.items():
        if isinstance(value, NotGiven):
            if name in required:
                raise TypeError(f"{name} is required")
            continue
        if value is None:
            if name in required:
                raise TypeError(f"{name} is required, not None")
            continue
        if name in bools:
            check_bool(value, name)
            continue
        if not isinstance(value, str):
            raise TypeError(f"{name} must be a str, not {type(value).__name__}")
        allowed = choices.get(name)
        if allowed is not None and value not in allowed:
            raise ValueError(
                f"unknown {name} {value!r}; expected one of: {', '.join(sorted(allowed))}"
            )
        if name in required and name not in allow_empty:
            check_str(value, name)  # a required identifier or name may not be empty
    return dict(body)
