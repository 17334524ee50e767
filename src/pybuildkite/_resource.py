"""How an endpoint is declared once and served by both clients.

An endpoint is a function that describes a request (an :class:`~._request.APIRequest`).
Decorated with :func:`endpoint` (or :func:`paginated`), it becomes a method that sends that
request through the sync pipeline on :class:`SyncAPIResource` subclasses and through the async
pipeline on :class:`AsyncAPIResource` subclasses: same name, same signature, same docstring.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Concatenate, Generic, ParamSpec, Self, TypeVar, overload

from ._pagination import AsyncPaginator, SyncPaginator
from ._request import APIRequest

if TYPE_CHECKING:
    from ._client import AsyncClient, Client
    from ._pipeline import AsyncPipeline, SyncPipeline

__all__ = ["AsyncAPIResource", "SyncAPIResource", "endpoint", "paginated"]

P = ParamSpec("P")
T = TypeVar("T")


class SyncAPIResource:
    """Base of every resource on :class:`pybuildkite.Client`."""

    _is_async = False

    def __init__(self, client: Client) -> None:
        self._client = client
        self._pipeline: SyncPipeline = client._pipeline


class AsyncAPIResource:
    """Base of every resource on :class:`pybuildkite.AsyncClient`."""

    _is_async = True

    def __init__(self, client: AsyncClient) -> None:
        self._client = client
        self._pipeline: AsyncPipeline = client._pipeline


def _public_signature(fn: Callable[..., Any], return_annotation: Any) -> inspect.Signature:
    sig = inspect.signature(fn)
    params = list(sig.parameters.values())[1:]  # drop self
    return sig.replace(parameters=params, return_annotation=return_annotation)


class endpoint(Generic[P, T]):
    """Declare a single-result endpoint."""

    def __init__(self, fn: Callable[Concatenate[Any, P], APIRequest[T]]) -> None:
        self.fn = fn
        self.name = fn.__name__
        self.__doc__ = fn.__doc__
        self.__wrapped__ = fn

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: Any) -> Self: ...
    @overload
    def __get__(self, obj: SyncAPIResource, owner: Any) -> Callable[P, T]: ...
    @overload
    def __get__(self, obj: AsyncAPIResource, owner: Any) -> Callable[P, Awaitable[T]]: ...
    def __get__(self, obj: Any, owner: Any) -> Any:
        if obj is None:
            return self
        fn = self.fn
        pipeline = obj._pipeline
        bound: Callable[..., Any]
        if obj._is_async:

            async def bound(*args: Any, **kwargs: Any) -> Any:
                return await pipeline.execute(fn(obj, *args, **kwargs))

        else:

            def bound(*args: Any, **kwargs: Any) -> Any:
                return pipeline.execute(fn(obj, *args, **kwargs))

        functools.update_wrapper(bound, fn)
        setattr(bound, "__signature__", _public_signature(fn, inspect.Signature.empty))  # noqa: B010
        # Cache on the instance: a non-data descriptor is shadowed by the instance dict.
        obj.__dict__[self.name] = bound
        return bound


class paginated(Generic[P, T]):
    """Declare a listing: the method returns a lazy paginator (``for`` / ``async for``)."""

    def __init__(self, fn: Callable[Concatenate[Any, P], APIRequest[T]]) -> None:
        self.fn = fn
        self.name = fn.__name__
        self.__doc__ = fn.__doc__
        self.__wrapped__ = fn

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: Any) -> Self: ...
    @overload
    def __get__(self, obj: SyncAPIResource, owner: Any) -> Callable[P, SyncPaginator[T]]: ...
    @overload
    def __get__(self, obj: AsyncAPIResource, owner: Any) -> Callable[P, AsyncPaginator[T]]: ...
    def __get__(self, obj: Any, owner: Any) -> Any:
        if obj is None:
            return self
        fn = self.fn
        pipeline = obj._pipeline
        factory: type[Any] = AsyncPaginator if obj._is_async else SyncPaginator

        def bound(*args: Any, **kwargs: Any) -> Any:
            return factory(pipeline, fn(obj, *args, **kwargs))

        functools.update_wrapper(bound, fn)
        setattr(bound, "__signature__", _public_signature(fn, inspect.Signature.empty))  # noqa: B010
        obj.__dict__[self.name] = bound
        return bound
