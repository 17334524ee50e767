"""``pybuildkite demo``: a guided tour of the main job, against a local emulator.

Everything shown comes from real HTTP requests to an in-process Buildkite emulator on
127.0.0.1, made with the public client and rendered by the same code as the commands named at
each step. The only thing done behind the API is what an agent would do: attaching a few
larger files to a job so the download step has something to show.
"""

from __future__ import annotations

import re
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.console import Console
from rich.panel import Panel
from rich.text import Text

from .. import Client
from ..types.builds import Build
from ..types.jobs import Job
from ._context import new_console
from .api import current_rate_limit, rate_limit_table
from .artifacts import artifacts_table, download_artifacts, download_summary
from .builds import blocking_jobs, build_line, job_title, watch_build
from .jobs import log_tail
from .pipelines import pipelines_table

if TYPE_CHECKING:
    from ..testing import Emulator

__all__ = ["demo"]

PIPELINE = "web-app"
_TAGS = re.compile(r"<[^>]+>")
#: Extra files for the download step: (path, size in bytes).
_EXTRA_ARTIFACTS = (
    ("dist/app-linux-amd64.tar.gz", 6_000_000),
    ("dist/app-darwin-arm64.tar.gz", 5_000_000),
    ("reports/coverage.xml", 800_000),
    ("reports/junit.xml", 300_000),
)


class _Tour:
    def __init__(self, console: Console, client: Client, emu: Emulator) -> None:
        self.console = console
        self.client = client
        self.emu = emu
        self.org = emu.org
        self.step_number = 0
        self.unblocked: set[str] = set()

    def step(self, title: str, command: str) -> None:
        self.step_number += 1
        self.console.print()
        self.console.rule(f"[bold]{self.step_number}. {title}", align="left")
        self.console.print(Text(f"$ pybuildkite {command}", style="cyan"))

    def run(self, interval: float) -> Build:
        c, org = self.client, self.org
        self.step("List the organization's pipelines", "pipelines list")
        self.console.print(pipelines_table(list(c.pipelines.list(org))))

        self.step(
            "Trigger a build", f'builds create {PIPELINE} --branch main --message "Release v2.0"'
        )
        build = c.builds.create(org, PIPELINE, commit="HEAD", branch="main", message="Release v2.0")
        self.console.print(build_line(build, PIPELINE))

        self.step(
            "Watch it run (a block step waits for a person)",
            f"builds watch {PIPELINE} {build.number}",
        )
        build = watch_build(
            c,
            self.console,
            org,
            PIPELINE,
            build.number,
            interval=interval,
            timeout=60,
            live=self.console.is_terminal,
            on_poll=self.unblock,
        )
        self.console.print(Text.assemble("Build finished: ", build_line(build, PIPELINE)))

        first = next(j for j in build.jobs or [] if j.type == "script")
        self.step(f"The end of the {job_title(first)!r} job's log", f"jobs log {first.id} --tail 6")
        tail = log_tail(c, org, first.id, 6)
        self.console.print(Panel(Text(tail), title=job_title(first), title_align="left"))

        self.step(
            "The build's annotations",
            f"api GET /v2/organizations/{org}/pipelines/{PIPELINE}/builds/{build.number}"
            "/annotations",
        )
        for note in c.annotations.list(org, PIPELINE, build.number):
            body = " ".join(_TAGS.sub(" ", note.body_html or "").split())
            self.console.print(
                Panel(Text(body), title=f"{note.context} ({note.style})", title_align="left")
            )

        self.download(build, first)

        self.step("Rate-limit status", "rate-limit")
        self.console.print(rate_limit_table(current_rate_limit(c, org)))
        return build

    def unblock(self, build: Build, console: Console) -> None:
        """What a person does in the UI when a build reaches its release gate."""
        for job in blocking_jobs(build):
            if job.id in self.unblocked:
                continue
            self.unblocked.add(job.id)
            console.print(
                Text(f"The build waits at {job_title(job)!r}; unblocking it:", style="magenta")
            )
            console.print(Text(f"$ pybuildkite jobs unblock {job.id}", style="cyan"))
            done = self.client.jobs.unblock(self.org, job.id)
            console.print(Text(f"  job {done.id} is now {done.state}"))

    def download(self, build: Build, job: Job) -> None:
        for path, size in _EXTRA_ARTIFACTS:
            self.emu.add_artifact(job.id, path, size=size, seed=len(path))
        self.console.print()
        self.console.print(
            Text(
                f"(The emulator attaches {len(_EXTRA_ARTIFACTS)} more files to the "
                f"{job_title(job)!r} job, as its agent would upload them.)",
                style="dim",
            )
        )
        with tempfile.TemporaryDirectory(prefix="pybuildkite-demo-") as tmp:
            root = Path(tmp)
            items = list(self.client.artifacts.list(self.org, PIPELINE, build.number))
            self.step(
                "Download the build's artifacts",
                f"artifacts download {PIPELINE} {build.number} -d {tmp}",
            )
            self.console.print(artifacts_table(items))
            results = download_artifacts(
                self.client, self.console, self.org, items, root, parallel=4
            )
            self.console.print(download_summary(results, root))
            files = sorted(p.relative_to(root) for p in root.rglob("*") if p.is_file())
            for name in files:
                self.console.print(Text(f"  {name}  ({(root / name).stat().st_size} bytes)"))

            self.step(
                "Download again: whole files are skipped",
                f"artifacts download {PIPELINE} {build.number} -d {tmp}",
            )
            again = download_artifacts(self.client, self.console, self.org, items, root, parallel=4)
            self.console.print(download_summary(again, root))


@click.command()
@click.option(
    "--agent-interval",
    type=click.FloatRange(0.01, 2.0),
    default=0.25,
    show_default=True,
    help="Seconds between the simulated agents' steps.",
)
def demo(agent_interval: float) -> None:
    """A guided tour against a local Buildkite emulator (nothing leaves this machine)."""
    try:
        from ..testing import Emulator, RateLimits
    except ImportError as err:  # the server needs the "emulator" extra
        raise click.ClickException(
            f"the demo needs extra packages ({err.name}): pip install 'pybuildkite[emulator]'"
        ) from None
    console = new_console()
    started = time.monotonic()
    # Buildkite's real limits (200 per organization, 50 per user a minute): the tour stays
    # well inside them, and the rate-limit step shows the numbers a user would see.
    with Emulator(
        realtime=True, agent_interval=agent_interval, rate_limits=RateLimits.buildkite()
    ) as emu:
        emu.seed_demo()
        console.print(
            Text.assemble(
                ("pybuildkite demo", "bold"),
                f": a Buildkite emulator is serving the REST API at {emu.url} with a demo "
                f"organization {emu.org!r}. Each step below is one CLI command; its output "
                "comes from real HTTP requests to the emulator.",
            )
        )
        emu.clear_requests()
        with Client(token=emu.token, base_url=emu.url) as client:
            build = _Tour(console, client, emu).run(interval=max(0.2, agent_interval))
        requests = len(emu.requests)
    console.print()
    console.rule("[bold]Done", align="left")
    console.print(
        f"{requests} HTTP requests to the emulator in {time.monotonic() - started:.1f}s; "
        f"build #{build.number} {build.state}."
    )
    if build.state != "passed":
        click.get_current_context().exit(1)
