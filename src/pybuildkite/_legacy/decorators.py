"""``requires_token``: 1.x's guard for calls that need an access token."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Concatenate, ParamSpec, Protocol, TypeVar

from .client import Client
from .exceptions import NoAcccessTokenException

__all__ = ["requires_token"]

P = ParamSpec("P")
R = TypeVar("R")


class _HasClient(Protocol):
    client: Client


S = TypeVar("S", bound=_HasClient)


def requires_token(func: Callable[Concatenate[S, P], R]) -> Callable[Concatenate[S, P], R]:
    """Make ``func`` raise :class:`NoAcccessTokenException` when no access token is set."""

    @functools.wraps(func)
    def wrapper(self: S, /, *args: P.args, **kwargs: P.kwargs) -> R:
        if not self.client.is_access_token_set():
            raise NoAcccessTokenException
        return func(self, *args, **kwargs)

    return wrapper
