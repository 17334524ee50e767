"""``pybuildkite builds list|get|create|cancel|rebuild|watch``."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Sequence

import click
from rich.console import Console, Group
from rich.live import Live
from rich.table import Table
from rich.text import Text

from .. import NOT_GIVEN, Client
from ..types.builds import BUILD_STATE_FILTERS, Build
from ..types.jobs import Job
from ._context import State, api_command, dump_json, pairs
from ._format import ago, duration, state_text, table

__all__ = [
    "blocking_jobs",
    "build_line",
    "build_view",
    "builds",
    "builds_table",
    "job_title",
    "watch_build",
]

NUMBER = click.IntRange(min=1)


def _slug(build: Build, fallback: str = "") -> str:
    return build.pipeline.slug if build.pipeline is not None else fallback


def job_title(job: Job) -> str:
    return job.label or job.name or job.step_key or job.type


def builds_table(items: Sequence[Build]) -> Table:
    return table(
        ("Pipeline", "#", "State", "Branch", "Commit", "Message", "Created"),
        (
            (
                _slug(b),
                b.number,
                state_text(b.state),
                b.branch or "",
                (b.commit or "")[:10],
                (b.message or "").splitlines()[0][:60] if b.message else "",
                ago(b.created_at),
            )
            for b in items
        ),
        title=f"{len(items)} build(s)",
    )


def build_line(build: Build, pipeline: str = "") -> Text:
    """One line about a build: where, which, what state."""
    line = Text.assemble(
        (f"{_slug(build, pipeline)} #{build.number}", "bold"), "  ", state_text(build.state)
    )
    if build.blocked and build.state != "blocked":
        line.append("  (blocked)", style="magenta")
    line.append(f"  {build.branch or '-'}  {(build.commit or '')[:10]}")
    if build.message:
        line.append(f"  {build.message.splitlines()[0][:60]}", style="italic")
    line.append(f"  {duration(build.started_at, build.finished_at)}", style="dim")
    return line


def jobs_table(jobs: Sequence[Job]) -> Table:
    # Wait steps are barriers, not work: leaving them out keeps the table about jobs.
    shown = [j for j in jobs if j.type != "waiter"]
    return table(
        ("Job", "Type", "State", "Duration", "Agent", "ID"),
        (
            (
                job_title(j),
                {"manual": "block"}.get(j.type, j.type),
                state_text(j.state),
                duration(j.started_at, j.finished_at) if j.type == "script" else "",
                j.agent.name or "" if j.agent is not None else "",
                j.id,
            )
            for j in shown
        ),
    )


def is_blocking(job: Job) -> bool:
    """A block step the build is waiting on."""
    return job.type == "manual" and job.state == "blocked"


def blocking_jobs(build: Build) -> list[Job]:
    return [j for j in build.jobs or [] if is_blocking(j)]


def unblock_hint(job: Job) -> Text:
    return Text(
        f"waiting on block step {job_title(job)!r}: pybuildkite jobs unblock {job.id}",
        style="magenta",
    )


def build_view(build: Build, pipeline: str = "") -> Group:
    parts: list[Text | Table] = [build_line(build, pipeline)]
    if build.web_url:
        parts.append(Text(build.web_url, style="dim"))
    if build.jobs:
        parts.append(jobs_table(build.jobs))
    parts.extend(unblock_hint(job) for job in blocking_jobs(build))
    return Group(*parts)


@click.group()
def builds() -> None:
    """List, show, trigger, cancel, rebuild and watch builds."""


@builds.command("list")
@click.argument("pipeline", required=False)
@click.option(
    "--branch", multiple=True, help="Only builds of this branch (repeatable, * wildcards)."
)
@click.option(
    "--state",
    "states",
    multiple=True,
    type=click.Choice(sorted(BUILD_STATE_FILTERS)),
    help="Only builds in this state (repeatable).",
)
@click.option("--commit", help="Only builds of this commit SHA.")
@click.option("--creator", help="Only builds created by this user ID.")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@api_command()
def list_(
    state: State,
    *,
    pipeline: str | None,
    branch: tuple[str, ...],
    states: tuple[str, ...],
    commit: str | None,
    creator: str | None,
    limit: int,
) -> None:
    """List builds, newest first.

    Those of PIPELINE, else of the organization, else of every organization the token sees.
    """
    if pipeline is not None:
        state.require_org()
    items = list(
        state.client.builds.list(
            state.org,
            pipeline,
            branch=list(branch) or None,
            state=list(states) or None,
            commit=commit,
            creator=creator,
            exclude_jobs=True,
            limit=limit,
        )
    )
    state.emit(items, lambda: builds_table(items))


@builds.command("get")
@click.argument("pipeline")
@click.argument("number", type=NUMBER)
@api_command()
def get(state: State, *, pipeline: str, number: int) -> None:
    """Show a build and its jobs."""
    build = state.client.builds.get(state.require_org(), pipeline, number)
    state.emit(build, lambda: build_view(build, pipeline))


@builds.command("create")
@click.argument("pipeline")
@click.option("--commit", default="HEAD", show_default=True, help="SHA, ref or HEAD.")
@click.option("--branch", help="Branch to build [default: the pipeline's default branch].")
@click.option("--message", "-m", help="Build message.")
@click.option("--env", "env", multiple=True, metavar="KEY=VALUE", help="Environment (repeatable).")
@click.option(
    "--meta-data", "meta", multiple=True, metavar="KEY=VALUE", help="Meta-data (repeatable)."
)
@click.option("--watch", "then_watch", is_flag=True, help="Watch the build until it finishes.")
@api_command()
def create(
    state: State,
    *,
    pipeline: str,
    commit: str,
    branch: str | None,
    message: str | None,
    env: tuple[str, ...],
    meta: tuple[str, ...],
    then_watch: bool,
) -> None:
    """Trigger a build of PIPELINE."""
    org = state.require_org()
    client = state.client
    if branch is None:
        branch = client.pipelines.get(org, pipeline).default_branch or "main"
    build = client.builds.create(
        org,
        pipeline,
        commit=commit,
        branch=branch,
        message=NOT_GIVEN if message is None else message,
        env=dict(pairs(env, "--env")) if env else NOT_GIVEN,
        meta_data=dict(pairs(meta, "--meta-data")) if meta else NOT_GIVEN,
    )
    if then_watch:
        _finish_watch(state, pipeline, build.number, interval=1.0, timeout=None)
        return
    state.emit(build, lambda: build_line(build, pipeline))


def _action(name: str, summary: str, call: Callable[[Client], Callable[..., Build]]) -> None:
    """Register a command that acts on one build and prints the build it returns."""

    @builds.command(name, help=summary)
    @click.argument("pipeline")
    @click.argument("number", type=NUMBER)
    @api_command()
    def command(state: State, pipeline: str, number: int) -> None:
        build = call(state.client)(state.require_org(), pipeline, number)
        state.emit(build, lambda: build_line(build, pipeline))


_action("cancel", "Cancel a scheduled or running build.", lambda c: c.builds.cancel)
_action("rebuild", "Rebuild a build; prints the new build.", lambda c: c.builds.rebuild)


#: Called after every poll with the build and a console to print on (above the live view).
OnPoll = Callable[[Build, Console], None]


def watch_build(
    client: Client,
    console: Console,
    org: str,
    pipeline: str,
    number: int,
    *,
    interval: float,
    timeout: float | None,
    live: bool,
    on_poll: OnPoll | None = None,
) -> Build:
    """Poll a build until it finishes and return it. ``live`` redraws a table in place (for
    terminals); otherwise each job's state change is printed once, which reads well in logs."""
    deadline = None if timeout is None else time.monotonic() + timeout
    seen: dict[str, str | None] = {}

    def report(build: Build, before: Build | None) -> None:
        if before is None or build.state != before.state:
            console.print(build_line(build, pipeline))
        for job in build.jobs or []:
            if job.type != "waiter" and (job.id not in seen or seen[job.id] != job.state):
                seen[job.id] = job.state
                console.print(Text.assemble(f"  {job_title(job)}: ", state_text(job.state)))
                if is_blocking(job):
                    console.print(Text("  ").append(unblock_hint(job)))

    build = client.builds.get(org, pipeline, number)
    view = Live(build_view(build, pipeline), console=console, refresh_per_second=8)
    with view if live else contextlib.nullcontext():
        before = None
        while True:
            if live:
                view.update(build_view(build, pipeline))
            else:
                report(build, before)
            if on_poll is not None:
                on_poll(build, console)
            if build.finished:
                return build
            if deadline is not None and time.monotonic() >= deadline:
                raise click.ClickException(
                    f"build {pipeline} #{number} still {build.state} after {timeout:g}s"
                )
            time.sleep(interval)
            before, build = build, client.builds.get(org, pipeline, number)


def _finish_watch(
    state: State, pipeline: str, number: int, *, interval: float, timeout: float | None
) -> None:
    console = state.progress_console
    build = watch_build(
        state.client,
        console,
        state.require_org(),
        pipeline,
        number,
        interval=interval,
        timeout=timeout,
        live=console.is_terminal,
    )
    if state.as_json:
        click.echo(dump_json(build))
    if build.state != "passed":
        click.get_current_context().exit(1)


@builds.command("watch")
@click.argument("pipeline")
@click.argument("number", type=NUMBER)
@click.option(
    "--interval",
    type=click.FloatRange(min=0.1),
    default=1.0,
    show_default=True,
    help="Seconds between polls.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    help="Give up (exit 1) after this many seconds.",
)
@api_command()
def watch(
    state: State, *, pipeline: str, number: int, interval: float, timeout: float | None
) -> None:
    """Follow a build until it finishes; exit 0 if it passed.

    On a terminal the jobs table is redrawn in place; elsewhere each change is printed once.
    Exits 1 when the build did not pass (or --timeout ran out).
    """
    _finish_watch(state, pipeline, number, interval=interval, timeout=timeout)
