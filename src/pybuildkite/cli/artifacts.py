"""``pybuildkite artifacts list|download``.

Downloads run in parallel with a progress bar per file. Artifact paths come from the build, so
they are treated as untrusted: a path that is absolute, climbs out with ``..`` or leads outside
the target folder through a symbolic link is refused, never written.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)
from rich.table import Table

from .. import BuildkiteError, ChecksumMismatchError, Client
from ..types.artifacts import Artifact
from ._context import State, api_command, err_line
from ._format import size, state_text, table

__all__ = [
    "DownloadResult",
    "artifacts",
    "artifacts_table",
    "download_artifacts",
    "download_summary",
    "safe_target",
]

_DRIVE = re.compile(r"^[A-Za-z]:")

Status = Literal["downloaded", "skipped", "refused", "failed"]


@dataclass
class DownloadResult:
    artifact: Artifact
    status: Status
    target: Path | None = None
    reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.artifact.id,
            "path": self.artifact.path,
            "status": self.status,
            "target": str(self.target) if self.target is not None else None,
            "file_size": self.artifact.file_size,
            "reason": self.reason,
        }


def artifacts_table(items: Sequence[Artifact]) -> Table:
    return table(
        ("Path", "Size", "State", "SHA-1", "Job", "ID"),
        (
            (
                a.path or "",
                size(a.file_size),
                state_text(a.state),
                (a.sha1sum or "")[:12],
                a.job_id or "",
                a.id,
            )
            for a in items
        ),
        title=f"{len(items)} artifact(s)",
    )


def safe_target(root: Path, artifact_path: str | None) -> Path | str:
    """Where ``artifact_path`` goes under ``root``, or why it must not be written."""
    if not artifact_path or "\x00" in artifact_path:
        return "empty or invalid path"
    # Agents on Windows upload with backslashes; treating them as separators everywhere means
    # "..\\x" is caught as well.
    text = artifact_path.replace("\\", "/")
    if text.startswith("/") or _DRIVE.match(text):
        return "absolute path"
    parts = [p for p in text.split("/") if p not in ("", ".")]
    if ".." in parts:
        return "path climbs out with '..'"
    if not parts:
        return "empty or invalid path"
    target = root.joinpath(*parts)
    # resolve() follows every symbolic link that already exists on the way.
    if not target.resolve().is_relative_to(root.resolve()):
        return "path leads outside the target folder through a symbolic link"
    return target


def _sha1(path: Path) -> str:
    digest = hashlib.sha1(usedforsecurity=False)
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _already_whole(target: Path, artifact: Artifact) -> bool:
    """The same size (and SHA-1, when the artifact has one) as the artifact."""
    if artifact.file_size is None or target.is_symlink() or not target.is_file():
        return False
    if target.stat().st_size != artifact.file_size:
        return False
    return artifact.sha1sum is None or _sha1(target) == artifact.sha1sum.lower()


def _plan(
    root: Path, items: Iterable[Artifact]
) -> tuple[list[DownloadResult], list[DownloadResult]]:
    """Split artifacts into those to fetch and those already decided (refused or skipped)."""
    todo: list[DownloadResult] = []
    done: list[DownloadResult] = []
    taken: set[Path] = set()
    for artifact in items:
        where = safe_target(root, artifact.path)
        if isinstance(where, str):
            done.append(DownloadResult(artifact, "refused", reason=where))
        elif not artifact.job_id:
            done.append(DownloadResult(artifact, "skipped", where, "artifact names no job"))
        elif artifact.state not in (None, "finished"):
            done.append(DownloadResult(artifact, "skipped", where, f"artifact is {artifact.state}"))
        elif where in taken:
            done.append(DownloadResult(artifact, "skipped", where, "same path as another artifact"))
        elif _already_whole(where, artifact):
            done.append(DownloadResult(artifact, "skipped", where, "already downloaded"))
        else:
            todo.append(DownloadResult(artifact, "downloaded", where))
        if not isinstance(where, str):
            taken.add(where)
    return todo, done


def _fetch(
    client: Client, org: str, root: Path, item: DownloadResult, advance: Callable[[int], None]
) -> None:
    """Download one artifact in place: checked against its SHA-1, renamed in once whole."""
    a, target = item.artifact, item.target
    assert target is not None and a.job_id is not None  # _plan() let only those through
    # Checked again just before folders are made: a link planted since the plan must not be
    # followed out of the target folder.
    recheck = safe_target(root, a.path)
    if isinstance(recheck, str):
        item.status, item.reason = "refused", recheck
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        # The file is written beside the target and renamed over it (atomic within a folder):
        # the target is never partial, and a link in its place is replaced, not followed.
        client.artifacts.download_to(
            org, a.job_id, a.id, target, sha1sum=a.sha1sum or None, on_progress=advance
        )
    except ChecksumMismatchError:
        item.status, item.reason = "failed", "SHA-1 does not match the artifact's"
    except ValueError as exc:  # the artifact's sha1sum is malformed, or the target a folder
        item.status, item.reason = "failed", str(exc)


def download_artifacts(
    client: Client,
    console: Console,
    org: str,
    items: Sequence[Artifact],
    root: Path,
    *,
    parallel: int,
) -> list[DownloadResult]:
    """Download ``items`` under ``root``, ``parallel`` at a time, with progress bars."""
    todo, results = _plan(root, items)
    columns = (
        TextColumn("{task.description}", markup=False),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
    )
    lock = threading.Lock()
    finished = 0
    # Bars only make sense on a terminal; elsewhere the summary says what happened.
    with Progress(*columns, console=console, disable=not console.is_terminal) as progress:
        overall = progress.add_task(
            f"0/{len(todo)} file(s)", total=sum(i.artifact.file_size or 0 for i in todo)
        )

        def run(item: DownloadResult) -> None:
            nonlocal finished
            task = progress.add_task(item.artifact.path or "", total=item.artifact.file_size)

            def advance(n: int) -> None:
                progress.advance(task, n)
                progress.advance(overall, n)

            try:
                _fetch(client, org, root, item, advance)
            except (BuildkiteError, OSError) as exc:
                item.status, item.reason = "failed", str(exc)
            finally:
                progress.remove_task(task)
                with lock:
                    finished += 1
                    progress.update(overall, description=f"{finished}/{len(todo)} file(s)")

        with ThreadPoolExecutor(max_workers=parallel, thread_name_prefix="download") as pool:
            try:
                list(pool.map(run, todo))
            except KeyboardInterrupt:
                pool.shutdown(wait=True, cancel_futures=True)
                raise
    return sorted(results + todo, key=lambda r: r.artifact.path or "")


def download_summary(results: Sequence[DownloadResult], root: Path) -> str:
    counts: dict[str, int] = {}
    for r in results:
        counts[r.status] = counts.get(r.status, 0) + 1
    got = sum(r.artifact.file_size or 0 for r in results if r.status == "downloaded")
    parts = [f"downloaded {counts.get('downloaded', 0)} file(s) ({size(got)}) to {root}"]
    parts += [f"{counts[s]} {s}" for s in ("skipped", "refused", "failed") if counts.get(s)]
    return "; ".join(parts)


@click.group()
def artifacts() -> None:
    """List and download a build's artifacts."""


def _listing(
    state: State, pipeline: str, build: int, job: str | None, glob: str | None
) -> list[Artifact]:
    org = state.require_org()
    if job is not None:
        return list(
            state.client.artifacts.list_for_job(org, job, pipeline=pipeline, build=build, path=glob)
        )
    return list(state.client.artifacts.list(org, pipeline, build, path=glob))


def _selection(fn: Callable[..., Any]) -> Callable[..., Any]:
    for option in (
        click.option("--glob", "glob", metavar="PATTERN", help="Only paths matching (logs/*)."),
        click.option("--job", metavar="JOB_ID", help="Only this job's artifacts."),
        click.argument("build", type=click.IntRange(min=1)),
        click.argument("pipeline"),
    ):
        fn = option(fn)
    return fn


@artifacts.command("list")
@_selection
@api_command()
def list_(state: State, *, pipeline: str, build: int, job: str | None, glob: str | None) -> None:
    """List the artifacts of build BUILD of PIPELINE."""
    items = _listing(state, pipeline, build, job, glob)
    state.emit(items, lambda: artifacts_table(items))


@artifacts.command("download")
@_selection
@click.option(
    "--dest",
    "-d",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Folder to download into (artifact paths are kept below it).",
)
@click.option(
    "--parallel",
    "-p",
    type=click.IntRange(1, 32),
    default=4,
    show_default=True,
    help="Files downloaded at once.",
)
@api_command()
def download(
    state: State,
    *,
    pipeline: str,
    build: int,
    job: str | None,
    glob: str | None,
    dest: Path,
    parallel: int,
) -> None:
    """Download the artifacts of build BUILD of PIPELINE into a folder.

    Files already there whole (same size, and SHA-1 when known) are skipped; paths that would
    land outside the folder are refused. Exits 1 if any file was refused or failed.
    """
    items = _listing(state, pipeline, build, job, glob)
    dest.mkdir(parents=True, exist_ok=True)
    results = download_artifacts(
        state.client, state.progress_console, state.require_org(), items, dest, parallel=parallel
    )
    for r in results:
        if r.status in ("refused", "failed"):
            err_line(f"{r.status} {r.artifact.path!r}: {r.reason}")
    state.emit(results, lambda: download_summary(results, dest))
    if any(r.status in ("refused", "failed") for r in results):
        click.get_current_context().exit(1)
