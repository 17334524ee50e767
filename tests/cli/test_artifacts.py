"""artifacts list|download: parallel downloads, skipping whole files, refusing escapes."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from .conftest import Run, as_json, jobs_of


@pytest.fixture
def job(emu: Any) -> str:
    """The Build job of web-app #6, which uploaded dist/artifact.tar.gz."""
    job_id: str = jobs_of(emu, "web-app", 6, "script")[0]["id"]
    return job_id


def test_list_table_and_json(run: Run, emu: Any, job: str) -> None:
    emu.add_artifact(job, "logs/a.txt", b"hello")
    table = run("artifacts", "list", "web-app", "6")
    assert table.exit_code == 0
    assert "dist/artifact.tar.gz" in table.stdout and "logs/a.txt" in table.stdout
    data = as_json(run("artifacts", "list", "web-app", "6", "--json", "--glob", "logs/*"))
    assert [(a["path"], a["file_size"]) for a in data] == [("logs/a.txt", 5)]
    assert [
        a["path"] for a in as_json(run("artifacts", "list", "web-app", "6", "--job", job, "--json"))
    ] == [
        "dist/artifact.tar.gz",
        "logs/a.txt",
    ]


def test_download_many_then_skip_whole_files(run: Run, emu: Any, job: str, tmp_path: Path) -> None:
    ids = {
        f"out/{i}.bin": emu.add_artifact(job, f"out/{i}.bin", size=200_000 + i, seed=i)
        for i in range(6)
    }
    first = run("artifacts", "download", "web-app", "6", "-d", str(tmp_path), "-p", "3")
    assert first.exit_code == 0, first.stderr
    assert "downloaded 7 file(s)" in first.stdout
    for path, artifact_id in ids.items():
        assert (tmp_path / path).read_bytes() == emu.artifact_bytes(artifact_id)
    assert not list(tmp_path.rglob("*.part"))

    emu.clear_storage_requests()
    again = as_json(run("artifacts", "download", "web-app", "6", "-d", str(tmp_path), "--json"))
    assert {r["status"] for r in again} == {"skipped"}
    assert {r["reason"] for r in again} == {"already downloaded"}
    assert emu.storage_requests == []  # nothing fetched


def test_download_replaces_files_that_are_not_whole(
    run: Run, emu: Any, job: str, tmp_path: Path
) -> None:
    short = emu.add_artifact(job, "a.bin", size=1000, seed=1)
    same_size = emu.add_artifact(job, "b.bin", size=1000, seed=2)
    (tmp_path / "a.bin").write_bytes(b"x" * 10)  # an interrupted download
    (tmp_path / "b.bin").write_bytes(b"x" * 1000)  # right size, wrong content (SHA-1 differs)
    data = as_json(
        run(
            "artifacts",
            "download",
            "web-app",
            "6",
            "-d",
            str(tmp_path),
            "--json",
            "--glob",
            "*.bin",
        )
    )
    assert {r["path"]: r["status"] for r in data} == {"a.bin": "downloaded", "b.bin": "downloaded"}
    assert (tmp_path / "a.bin").read_bytes() == emu.artifact_bytes(short)
    assert (tmp_path / "b.bin").read_bytes() == emu.artifact_bytes(same_size)
    listed = as_json(run("artifacts", "list", "web-app", "6", "--json", "--glob", "b.bin"))
    assert listed[0]["sha1sum"] == hashlib.sha1((tmp_path / "b.bin").read_bytes()).hexdigest()


def test_download_refuses_paths_that_escape(run: Run, emu: Any, job: str, tmp_path: Path) -> None:
    dest, outside = tmp_path / "dest", tmp_path / "outside"
    dest.mkdir()
    outside.mkdir()
    (dest / "link").symlink_to(outside, target_is_directory=True)
    evil = [
        "../escape.txt",
        "/tmp/absolute.txt",
        "link/through-symlink.txt",
        "a\\..\\..\\win.txt",
        "C:/drive.txt",
    ]
    for path in evil:
        emu.add_artifact(job, path, b"evil")
    emu.add_artifact(job, "ok/fine.txt", b"fine")
    result = run("artifacts", "download", "web-app", "6", "-d", str(dest))
    assert result.exit_code == 1
    refused = [line for line in result.stderr.splitlines() if line.startswith("error: refused ")]
    assert len(refused) == len(evil)
    assert any("symbolic link" in line for line in refused)
    assert (dest / "ok" / "fine.txt").read_bytes() == b"fine"  # the safe ones still arrive
    assert list(outside.iterdir()) == []
    assert not (tmp_path / "escape.txt").exists()
    assert "5 refused" in result.stdout


def test_download_with_the_wrong_content_fails_and_keeps_nothing(
    run: Run, emu: Any, job: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ..rest.conftest import corrupting

    emu.add_artifact(job, "c.bin", size=200_000, seed=3)
    corrupting(monkeypatch, emu)
    result = run(
        "artifacts", "download", "web-app", "6", "-d", str(tmp_path), "--glob", "c.bin", "--json"
    )  # fmt: skip
    assert result.exit_code == 1  # a failed file fails the command
    assert [(r["path"], r["status"], r["reason"]) for r in json.loads(result.stdout)] == [
        ("c.bin", "failed", "SHA-1 does not match the artifact's")
    ]
    assert not (tmp_path / "c.bin").exists() and not list(tmp_path.rglob("*.part"))
