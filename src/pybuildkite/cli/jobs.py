"""``pybuildkite jobs log|retry|unblock``."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import click

from .. import Client
from ..logs import strip_log
from ._context import State, api_command, dump_json, pairs

__all__ = ["jobs", "log_tail"]

#: Bytes fetched per line wanted on the first try; a log's lines are rarely longer.
_BYTES_PER_LINE = 200


def _scope(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``--pipeline``/``--build`` choose the build-scoped routes; a job ID alone is enough."""
    fn = click.option("--build", type=click.IntRange(min=1), help="The job's build number.")(fn)
    return click.option("--pipeline", help="The job's pipeline (with --build).")(fn)


def _route(pipeline: str | None, build: int | None) -> dict[str, Any]:
    if (pipeline is None) != (build is None):
        raise click.UsageError("pass --pipeline and --build together, or neither")
    return {"pipeline": pipeline, "build": build}


def log_tail(client: Client, org: str, job_id: str, lines: int, **route: Any) -> str:
    """The last ``lines`` lines of a job's log as plain text, fetched with ``Range`` requests
    that grow until they hold enough lines, so a long log is never downloaded whole."""
    want = max(4096, lines * _BYTES_PER_LINE)
    while True:
        chunk = client.jobs.tail(org, job_id, want, **route)
        text = strip_log(chunk.decode("utf-8", "replace")).splitlines()
        whole = len(chunk) < want
        # A cut log's first line is partial, so it needs one line more than asked for.
        if whole or len(text) > lines:
            return "\n".join(text[-lines:])
        want *= 4


@click.group()
def jobs() -> None:
    """Show job logs, retry and unblock jobs."""


@jobs.command("log")
@click.argument("job_id")
@click.option(
    "--tail", "tail", type=click.IntRange(min=1), metavar="N", help="Only the last N lines."
)
@click.option("--raw", is_flag=True, help="Keep terminal escapes and timestamp markers.")
@_scope
@api_command()
def log(
    state: State,
    *,
    job_id: str,
    tail: int | None,
    raw: bool,
    pipeline: str | None,
    build: int | None,
) -> None:
    """Print a job's log (as plain text unless --raw)."""
    if raw and tail:
        raise click.UsageError("--raw and --tail cannot be combined")
    org, route = state.require_org(), _route(pipeline, build)
    if tail:
        text = log_tail(state.client, org, job_id, tail, **route)
    else:
        text = state.client.jobs.log_text(org, job_id, **route)
        if not raw:
            text = strip_log(text)
    if state.as_json:
        click.echo(dump_json({"job_id": job_id, "content": text}))
    elif raw:
        sys.stdout.write(text)
    else:
        click.echo(text.rstrip("\n"))


@jobs.command("retry")
@click.argument("job_id")
@_scope
@api_command()
def retry(state: State, *, job_id: str, pipeline: str | None, build: int | None) -> None:
    """Retry a failed, timed out or canceled job; prints the new job."""
    job = state.client.jobs.retry(state.require_org(), job_id, **_route(pipeline, build))
    state.emit(job, lambda: f"Retried as job {job.id} ({job.state})")


@jobs.command("unblock")
@click.argument("job_id")
@click.option(
    "-f",
    "--field",
    "fields",
    multiple=True,
    metavar="KEY=VALUE",
    help="A block step field (repeat a key for a multiple-choice field).",
)
@_scope
@api_command()
def unblock(
    state: State, *, job_id: str, fields: tuple[str, ...], pipeline: str | None, build: int | None
) -> None:
    """Unblock a block step's job."""
    values: dict[str, str | list[str]] = {}
    for key, value in pairs(fields, "--field"):
        previous = values.get(key)
        if previous is None:
            values[key] = value
        else:
            values[key] = [*([previous] if isinstance(previous, str) else previous), value]
    kwargs: dict[str, Any] = {"fields": values} if values else {}
    job = state.client.jobs.unblock(
        state.require_org(), job_id, **kwargs, **_route(pipeline, build)
    )
    state.emit(job, lambda: f"Unblocked job {job.id} ({job.state})")
