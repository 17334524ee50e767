"""The ``pybuildkite`` command: Buildkite from the terminal, built on the public client.

The root group is lazy: each command group lives in its own module, imported only when that
command runs, so ``pybuildkite --help`` never loads rich, httpx or pydantic.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence
from typing import Any

import click

from ._context import ENV_GRAPHQL_URL, ENV_ORG, ENV_TOKEN, ENV_URL, State, err_line

__all__ = ["cli", "main"]

#: command name -> (module:attribute, one-line help shown by ``pybuildkite --help``)
_COMMANDS: dict[str, tuple[str, str]] = {
    "builds": ("builds:builds", "List, show, trigger, cancel, rebuild and watch builds."),
    "jobs": ("jobs:jobs", "Show job logs, retry and unblock jobs."),
    "artifacts": ("artifacts:artifacts", "List and download a build's artifacts."),
    "pipelines": ("pipelines:pipelines", "List and show pipelines."),
    "agents": ("agents:agents", "List agents."),
    "api": ("api:api", "Send a raw REST request and print the JSON answer."),
    "graphql": ("api:graphql", "Run a GraphQL query."),
    "rate-limit": ("api:rate_limit", "Show the REST rate-limit windows."),
    "emulator": ("emulator:emulator", "Run the local Buildkite emulator."),
    "demo": ("demo:demo", "A guided tour against a local emulator."),
}


class _LazyGroup(click.Group):
    """Imports a command's module on first use; the listing reads help from ``_COMMANDS``."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(_COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        entry = _COMMANDS.get(cmd_name)
        if entry is None:
            return None
        module_name, attr = entry[0].split(":")
        module = importlib.import_module(f"{__name__}.{module_name}")
        command: click.Command = getattr(module, attr)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("Commands"):
            formatter.write_dl([(name, text) for name, (_, text) in _COMMANDS.items()])

    def main(  # type: ignore[override]
        self, args: Sequence[str] | None = None, prog_name: str | None = None, **extra: Any
    ) -> Any:
        """Run, turning every failure into one line on stderr and an exit status:
        1 for API and I/O errors, 2 for usage errors."""
        extra.pop("standalone_mode", None)
        try:
            result = super().main(args, prog_name, standalone_mode=False, **extra)
        except click.UsageError as exc:
            hint = f" (see '{exc.ctx.command_path} --help')" if exc.ctx is not None else ""
            err_line(exc.format_message() + hint)
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            err_line(exc.format_message())
            sys.exit(exc.exit_code)
        except click.Abort:
            err_line("aborted")
            sys.exit(130)
        except OSError as exc:  # a download folder that cannot be written, a full disk...
            err_line(str(exc))
            sys.exit(1)
        except Exception as exc:
            from .. import BuildkiteError

            if not isinstance(exc, BuildkiteError):
                raise
            err_line(str(exc))
            sys.exit(1)
        # standalone_mode=False hands back the exit code of ctx.exit() instead of exiting.
        sys.exit(result if isinstance(result, int) else 0)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--token",
    envvar=ENV_TOKEN,
    metavar="TOKEN",
    show_envvar=True,
    help="API access token.",
)
@click.option(
    "--base-url",
    envvar=ENV_URL,
    metavar="URL",
    show_envvar=True,
    help="REST API base URL [default: https://api.buildkite.com].",
)
@click.option(
    "--graphql-url",
    envvar=ENV_GRAPHQL_URL,
    metavar="URL",
    show_envvar=True,
    help="GraphQL endpoint [default: https://graphql.buildkite.com/v1].",
)
@click.option("--org", envvar=ENV_ORG, metavar="SLUG", show_envvar=True, help="Organization slug.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of tables.")
@click.version_option(package_name="pybuildkite", prog_name="pybuildkite")
@click.pass_context
def cli(
    ctx: click.Context,
    *,
    token: str | None,
    base_url: str | None,
    graphql_url: str | None,
    org: str | None,
    as_json: bool,
) -> None:
    """Buildkite from the command line."""
    state = ctx.ensure_object(State)
    state.token, state.base_url, state.graphql_url = token, base_url, graphql_url
    state.org, state.as_json = org, as_json
    ctx.call_on_close(state.close)


def main(args: Sequence[str] | None = None) -> None:
    """The console-script entry point."""
    cli.main(args, prog_name="pybuildkite")
