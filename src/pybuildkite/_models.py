"""Base model and field types shared by every resource model.

Models are plain, tolerant data: unknown fields are kept (``model.model_extra``), unknown enum
values pass through as strings, and both of Buildkite's timestamp formats parse. A model never
makes an HTTP call.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import pydantic
from pydantic import AfterValidator, ConfigDict, Field

__all__ = ["BaseModel", "Timestamp", "decoder_for", "parse_timestamp"]

T = TypeVar("T")


def parse_timestamp(value: str) -> dt.datetime:
    """Parse the ``2013-09-03 13:24:38 UTC`` form some endpoints and webhooks use."""
    text = value.strip()
    if text.endswith(" UTC"):
        text = text[:-4] + "+00:00"
    try:
        parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as err:
        raise ValueError(f"not a Buildkite timestamp: {value!r}") from err
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


if TYPE_CHECKING:
    Timestamp = dt.datetime
else:
    # ISO 8601 is parsed natively by pydantic-core (fast path); only the rarer
    # "YYYY-MM-DD HH:MM:SS UTC" form falls through to Python.
    Timestamp = Annotated[
        dt.datetime | Annotated[str, AfterValidator(parse_timestamp)],
        Field(union_mode="left_to_right"),
    ]


class BaseModel(pydantic.BaseModel):
    """Tolerant of schema drift: extra fields are kept, nothing is validated on assignment."""

    model_config = ConfigDict(extra="allow", populate_by_name=True, protected_namespaces=())

    def __getitem__(self, key: str) -> Any:
        # dict-style access eases moving from 1.x, whose results were plain dicts.
        try:
            return getattr(self, key)
        except AttributeError:
            raise KeyError(key) from None

    def to_dict(self) -> dict[str, Any]:
        """The model as JSON-compatible data, extra fields included."""
        return self.model_dump(mode="json")


@cache
def _adapter(tp: Any) -> pydantic.TypeAdapter[Any]:
    return pydantic.TypeAdapter(tp)


def decoder_for(tp: Any) -> Any:
    """A function bytes -> instance of ``tp``, validated straight from JSON bytes."""
    if isinstance(tp, type) and issubclass(tp, pydantic.BaseModel):
        return tp.model_validate_json
    return _adapter(tp).validate_json
