"""What every command shares: configuration, the client, and how results are printed.

Only click is imported at module level: ``pybuildkite --help`` must stay fast, so rich, the
client and pydantic load when a command first needs them.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from rich.console import Console

    from .. import Client

__all__ = [
    "ENV_GRAPHQL_URL",
    "ENV_ORG",
    "ENV_TOKEN",
    "ENV_URL",
    "State",
    "api_command",
    "dump_json",
    "err_line",
    "new_console",
    "pairs",
]

ENV_TOKEN = "BUILDKITE_API_TOKEN"
ENV_URL = "BUILDKITE_API_URL"
ENV_ORG = "BUILDKITE_ORGANIZATION_SLUG"
ENV_GRAPHQL_URL = "BUILDKITE_GRAPHQL_URL"

F = TypeVar("F", bound=Callable[..., Any])


@dataclass
class State:
    """The resolved configuration of one invocation, and the objects it creates lazily."""

    token: str | None = None
    base_url: str | None = None
    graphql_url: str | None = None
    org: str | None = None
    as_json: bool = False
    _client: Client | None = field(default=None, repr=False)
    _console: Console | None = field(default=None, repr=False)

    @property
    def client(self) -> Client:
        if self._client is None:
            from .. import Client

            try:
                self._client = Client(
                    token=self.token, base_url=self.base_url, graphql_url=self.graphql_url
                )
            except ValueError as err:  # a malformed --base-url, for instance
                raise click.UsageError(str(err)) from None
        return self._client

    @property
    def console(self) -> Console:
        if self._console is None:
            self._console = new_console()
        return self._console

    @property
    def progress_console(self) -> Console:
        """Where live progress goes: stderr when stdout is reserved for ``--json`` output."""
        return new_console(stderr=True) if self.as_json else self.console

    def require_org(self) -> str:
        if not self.org:
            raise click.UsageError(f"an organization is needed: pass --org or set {ENV_ORG}")
        return self.org

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def emit(self, data: Any, render: Callable[[], Any]) -> None:
        """Print ``data`` as JSON with ``--json``; otherwise print what ``render()`` returns."""
        if self.as_json:
            click.echo(dump_json(data))
        else:
            self.console.print(render())


def new_console(*, stderr: bool = False) -> Console:
    from rich.console import Console

    # Buildkite labels carry :emoji: codes; printing them as written keeps them greppable.
    return Console(stderr=stderr, highlight=False, emoji=False)


def _jsonable(value: Any) -> Any:
    # Models know how to become JSON data (extra fields included); lists hold models.
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):
        return to_dict()
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    return value


def dump_json(data: Any) -> str:
    return json.dumps(_jsonable(data), indent=2, ensure_ascii=False, default=str)


def _store_org(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value:
        ctx.ensure_object(State).org = value


def _store_json(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value:
        ctx.ensure_object(State).as_json = True


def api_command(*, org: bool = True, json_output: bool = True) -> Callable[[F], F]:
    """Give a command ``--org`` and ``--json`` (also accepted before the command name) and
    pass it the :class:`State` as its first argument."""

    def decorate(fn: F) -> F:
        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            return fn(click.get_current_context().ensure_object(State), *args, **kwargs)

        command: Callable[..., Any] = wrapper
        if json_output:
            command = click.option(
                "--json",
                "as_json",
                is_flag=True,
                expose_value=False,
                callback=_store_json,
                help="Print JSON instead of a table.",
            )(command)
        if org:
            command = click.option(
                "--org",
                metavar="SLUG",
                expose_value=False,
                callback=_store_org,
                help=f"Organization slug [env: {ENV_ORG}].",
            )(command)
        return command  # type: ignore[return-value]

    return decorate


def pairs(values: Iterable[str], what: str) -> list[tuple[str, str]]:
    """Split ``key=value`` arguments (the value may itself contain ``=``)."""
    out = []
    for item in values:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"expected key=value, got {item!r}", param_hint=what)
        out.append((key, value))
    return out


def err_line(message: str) -> None:
    """One line on stderr: error messages never spill over several lines."""
    click.echo("error: " + " ".join(str(message).split()), err=True)
