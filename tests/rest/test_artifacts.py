"""Artifacts against the emulator: listings, get, delete, signed URLs and streamed downloads."""

from __future__ import annotations

import hashlib
import tracemalloc
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import pytest

import pybuildkite
from pybuildkite import _constants as C
from pybuildkite.testing import Emulator
from pybuildkite.types.artifacts import Artifact

from .conftest import corrupting, failing_midway
from .test_jobs import build_route, job_by_key, last, org_route, query, seed_build

BIG = 256 * 1024 + 12_345  # more than a few chunks, not a multiple of the chunk size


def seeded(emu: Emulator) -> tuple[str, int, str, str]:
    slug, number = seed_build(emu)
    return (
        slug,
        number,
        job_by_key(emu, slug, number, "lint")["id"],
        job_by_key(emu, slug, number, "unit")["id"],
    )


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


# -- listings, get, delete -------------------------------------------------------------------


def test_list_for_a_build_with_filters(
    buildkite_emulator: Emulator, buildkite_client: pybuildkite.Client
) -> None:
    emu = buildkite_emulator
    slug, number, lint, unit = seeded(emu)
    emu.add_artifact(lint, "dist/app.tar.gz", b"tarball")
    a_log = emu.add_artifact(lint, "logs/a.log", b"a")
    emu.add_artifact(unit, "logs/b.log", b"b", state="error")
    artifacts = buildkite_client.artifacts

    listed = artifacts.list(emu.org, slug, number, state="finished", path="logs/*").to_list()
    assert [a.id for a in listed] == [a_log]
    assert isinstance(listed[0], Artifact)
    assert (listed[0].path, listed[0].filename, listed[0].dirname, listed[0].file_size) == (
        "logs/a.log", "a.log", "logs", 1
    )  # fmt: skip
    record = last(emu)
    assert record.path == f"/v2/organizations/{emu.org}/pipelines/{slug}/builds/{number}/artifacts"
    assert query(record) == Counter(
        [("state", "finished"), ("path", "logs/*"), ("per_page", "100")]
    )
    assert len(artifacts.list(emu.org, slug, number).to_list()) == 3
    assert [a.path for a in artifacts.list(emu.org, slug, number, state="error")] == ["logs/b.log"]


def test_list_for_a_job_on_both_routes(
    buildkite_emulator: Emulator, buildkite_client: pybuildkite.Client
) -> None:
    emu = buildkite_emulator
    slug, number, lint, unit = seeded(emu)
    mine = emu.add_artifact(lint, "out/report.html", b"<html/>")
    emu.add_artifact(unit, "out/other.html", b"<html/>")
    artifacts = buildkite_client.artifacts
    by_org = artifacts.list_for_job(emu.org, lint, path="out/report.html").to_list()
    assert [a.id for a in by_org] == [mine]
    assert last(emu).path == org_route(emu, lint) + "/artifacts"
    assert ("path", "out/report.html") in last(emu).query
    by_build = artifacts.list_for_job(emu.org, lint, pipeline=slug, build=number).to_list()
    assert [a.id for a in by_build] == [mine]
    assert last(emu).path == build_route(emu, slug, number, lint) + "/artifacts"


def test_get_and_delete(buildkite_emulator: Emulator, buildkite_client: pybuildkite.Client) -> None:
    emu = buildkite_emulator
    slug, number, lint, _unit = seeded(emu)
    content = b"hello artifact\n"
    artifact_id = emu.add_artifact(lint, "dist/hello.txt", content)
    artifacts = buildkite_client.artifacts

    got = artifacts.get(emu.org, lint, artifact_id, pipeline=slug, build=number)
    assert last(emu).path == build_route(emu, slug, number, lint) + f"/artifacts/{artifact_id}"
    assert (got.id, got.job_id, got.state, got.file_size, got.mime_type) == (
        artifact_id, lint, "finished", len(content), "text/plain"
    )  # fmt: skip
    assert got.sha1sum == hashlib.sha1(content).hexdigest()
    assert artifacts.get(emu.org, lint, artifact_id) == got
    assert last(emu).path == org_route(emu, lint) + f"/artifacts/{artifact_id}"

    assert artifacts.delete(emu.org, lint, artifact_id) is None
    assert (last(emu).method, last(emu).path, last(emu).status) == (
        "DELETE", org_route(emu, lint) + f"/artifacts/{artifact_id}", 204
    )  # fmt: skip
    assert artifacts.get(emu.org, lint, artifact_id).state == "deleted"
    with pytest.raises(pybuildkite.NotFoundError):
        artifacts.url(emu.org, lint, artifact_id)


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [({"state": "gone"}, ValueError), ({"state": ["new"]}, TypeError), ({"path": ""}, ValueError),
     ({"path": 3}, TypeError), ({"limit": -1}, ValueError)],
)  # fmt: skip
def test_list_rejects_bad_filters(
    buildkite_emulator: Emulator,
    buildkite_client: pybuildkite.Client,
    kwargs: dict[str, Any],
    error: type[Exception],
) -> None:
    artifacts = buildkite_client.artifacts
    with pytest.raises(error):
        artifacts.list(buildkite_emulator.org, "app", 1, **kwargs)
    with pytest.raises(error):
        artifacts.list_for_job(buildkite_emulator.org, "job", **kwargs)
    assert buildkite_emulator.requests == []


# -- signed URL and downloads ----------------------------------------------------------------


def test_url_does_not_follow_the_redirect(
    buildkite_emulator: Emulator, buildkite_client: pybuildkite.Client
) -> None:
    emu = buildkite_emulator
    slug, number, lint, _unit = seeded(emu)
    artifact_id = emu.add_artifact(lint, "dist/app.tar.gz", b"tarball")
    url = buildkite_client.artifacts.url(emu.org, lint, artifact_id, pipeline=slug, build=number)
    record = last(emu)
    assert (record.method, record.path, record.status) == (
        "GET", build_route(emu, slug, number, lint) + f"/artifacts/{artifact_id}/download", 302
    )  # fmt: skip
    assert emu.storage_requests == []
    assert url.startswith(emu.storage_url + f"/artifacts/{artifact_id}/app.tar.gz?")
    assert "signature=" in url
    # the URL is usable by anyone, without the token
    assert httpx.get(url).content == b"tarball"
    assert buildkite_client.artifacts.url(emu.org, lint, artifact_id).startswith(emu.storage_url)
    assert last(emu).path == org_route(emu, lint) + f"/artifacts/{artifact_id}/download"


def test_download_streams_identical_bytes_without_the_token(
    buildkite_emulator: Emulator, buildkite_client: pybuildkite.Client
) -> None:
    emu = buildkite_emulator
    _slug, _number, lint, _unit = seeded(emu)
    artifact_id = emu.add_artifact(lint, "dist/big.bin", size=BIG, seed=11)
    chunks = buildkite_client.artifacts.download(emu.org, lint, artifact_id)
    assert emu.requests == []  # nothing is sent until iteration starts
    received = list(chunks)
    assert b"".join(received) == emu.artifact_bytes(artifact_id)
    assert len(received) > 1 and all(len(c) <= C.DOWNLOAD_CHUNK_SIZE for c in received)
    (api,) = emu.requests
    assert (api.path, api.status) == (
        org_route(emu, lint) + f"/artifacts/{artifact_id}/download",
        302,
    )
    assert api.headers["authorization"] == f"Bearer {emu.token}"
    (storage,) = emu.storage_requests
    assert storage.status == 200 and storage.path.startswith(f"/artifacts/{artifact_id}/")
    assert "authorization" not in storage.headers


def test_download_validates_before_sending(
    buildkite_emulator: Emulator, buildkite_client: pybuildkite.Client, tmp_path: Path
) -> None:
    artifacts = buildkite_client.artifacts
    org = buildkite_emulator.org
    with pytest.raises(ValueError):
        artifacts.download(org, "job", "art", pipeline="app", build=0)
    with pytest.raises(ValueError):
        artifacts.url(org, "job", "", pipeline="app", build=1)
    with pytest.raises(ValueError, match="directory"):
        artifacts.download_to(org, "job", "art", tmp_path)
    with pytest.raises(TypeError, match="dest"):
        artifacts.download_to(org, "job", "art", 42)  # type: ignore[arg-type]
    with pytest.raises(FileNotFoundError):
        artifacts.download_to(org, "job", "art", tmp_path / "missing" / "file.bin")
    assert buildkite_emulator.requests == []
    assert leftovers(tmp_path) == []


def test_download_to_writes_the_file(
    buildkite_emulator: Emulator, buildkite_client: pybuildkite.Client, tmp_path: Path
) -> None:
    emu = buildkite_emulator
    slug, number, lint, _unit = seeded(emu)
    artifact_id = emu.add_artifact(lint, "dist/big.bin", size=BIG, seed=5)
    dest = tmp_path / "big.bin"
    dest.write_bytes(b"previous content")
    written = buildkite_client.artifacts.download_to(
        emu.org, lint, artifact_id, str(dest), pipeline=slug, build=number
    )
    assert written == dest
    assert dest.read_bytes() == emu.artifact_bytes(artifact_id)
    assert leftovers(tmp_path) == ["big.bin"]
    assert "authorization" not in emu.storage_requests[0].headers


def test_failed_download_leaves_no_file(
    buildkite_emulator: Emulator,
    buildkite_client: pybuildkite.Client,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    emu = buildkite_emulator
    _slug, _number, lint, _unit = seeded(emu)
    artifact_id = emu.add_artifact(lint, "dist/big.bin", size=BIG, seed=5)
    failing_midway(monkeypatch)
    with pytest.raises(pybuildkite.APIConnectionError):
        buildkite_client.artifacts.download_to(emu.org, lint, artifact_id, tmp_path / "big.bin")
    assert emu.storage_requests[0].status == 200  # it did start: the failure came midway
    assert leftovers(tmp_path) == []

    # an existing file is left as it was
    keep = tmp_path / "keep.bin"
    keep.write_bytes(b"keep me")
    with pytest.raises(pybuildkite.APIConnectionError):
        buildkite_client.artifacts.download_to(emu.org, lint, artifact_id, keep)
    assert keep.read_bytes() == b"keep me"
    assert leftovers(tmp_path) == ["keep.bin"]


def test_download_to_checks_the_sha1_and_reports_progress(
    buildkite_emulator: Emulator, buildkite_client: pybuildkite.Client, tmp_path: Path
) -> None:
    emu = buildkite_emulator
    _slug, _number, lint, _unit = seeded(emu)
    artifact_id = emu.add_artifact(lint, "dist/big.bin", size=BIG, seed=6)
    artifact = buildkite_client.artifacts.get(emu.org, lint, artifact_id)
    assert artifact.sha1sum
    seen: list[int] = []
    dest = buildkite_client.artifacts.download_to(
        emu.org, lint, artifact_id, tmp_path / "big.bin",
        sha1sum=artifact.sha1sum.upper(), on_progress=seen.append,
    )  # fmt: skip
    assert dest.read_bytes() == emu.artifact_bytes(artifact_id)
    assert sum(seen) == BIG and len(seen) > 1  # chunk by chunk, not once at the end


def test_a_sha1_mismatch_keeps_nothing(
    buildkite_emulator: Emulator,
    buildkite_client: pybuildkite.Client,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    emu = buildkite_emulator
    _slug, _number, lint, _unit = seeded(emu)
    artifact_id = emu.add_artifact(lint, "dist/big.bin", size=BIG, seed=7)
    expected = buildkite_client.artifacts.get(emu.org, lint, artifact_id).sha1sum
    assert expected
    corrupting(monkeypatch, emu)
    keep = tmp_path / "big.bin"
    keep.write_bytes(b"previous content")
    with pytest.raises(pybuildkite.ChecksumMismatchError) as caught:
        buildkite_client.artifacts.download_to(emu.org, lint, artifact_id, keep, sha1sum=expected)
    assert caught.value.expected == expected.lower()
    actual = caught.value.actual
    assert len(actual) == 40 and actual != expected.lower() and actual in str(caught.value)
    assert keep.read_bytes() == b"previous content"
    assert leftovers(tmp_path) == ["big.bin"]


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"sha1sum": "abc"}, ValueError),
        ({"sha1sum": "g" * 40}, ValueError),
        ({"sha1sum": 1234}, ValueError),
        ({"on_progress": 5}, TypeError),
    ],
)
def test_download_to_refuses_a_bad_sha1_or_callback_before_sending(
    buildkite_emulator: Emulator,
    buildkite_client: pybuildkite.Client,
    tmp_path: Path,
    kwargs: dict[str, Any],
    error: type[Exception],
) -> None:
    with pytest.raises(error):
        buildkite_client.artifacts.download_to(
            buildkite_emulator.org, "job", "art", tmp_path / "a.bin", **kwargs
        )
    assert buildkite_emulator.requests == []
    assert leftovers(tmp_path) == []


async def test_async_download_to_checks_the_sha1_and_reports_progress(
    buildkite_emulator: Emulator,
    async_buildkite_client: pybuildkite.AsyncClient,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    emu = buildkite_emulator
    _slug, _number, lint, _unit = seeded(emu)
    artifact_id = emu.add_artifact(lint, "dist/big.bin", size=BIG, seed=8)
    artifacts = async_buildkite_client.artifacts
    expected = (await artifacts.get(emu.org, lint, artifact_id)).sha1sum
    seen: list[int] = []
    dest = await artifacts.download_to(
        emu.org, lint, artifact_id, tmp_path / "ok.bin", sha1sum=expected, on_progress=seen.append
    )
    assert dest.read_bytes() == emu.artifact_bytes(artifact_id) and sum(seen) == BIG
    corrupting(monkeypatch, emu)
    with pytest.raises(pybuildkite.ChecksumMismatchError):
        await artifacts.download_to(
            emu.org, lint, artifact_id, tmp_path / "bad.bin", sha1sum=expected
        )
    assert leftovers(tmp_path) == ["ok.bin"]


def test_download_of_a_deleted_artifact_leaves_no_file(
    buildkite_emulator: Emulator, buildkite_client: pybuildkite.Client, tmp_path: Path
) -> None:
    emu = buildkite_emulator
    _slug, _number, lint, _unit = seeded(emu)
    artifact_id = emu.add_artifact(lint, "a.bin", b"x")
    buildkite_client.artifacts.delete(emu.org, lint, artifact_id)
    with pytest.raises(pybuildkite.NotFoundError):
        buildkite_client.artifacts.download_to(emu.org, lint, artifact_id, tmp_path / "a.bin")
    assert leftovers(tmp_path) == []


def test_download_memory_stays_bounded(
    buildkite_emulator: Emulator, buildkite_client: pybuildkite.Client, tmp_path: Path
) -> None:
    emu = buildkite_emulator
    _slug, _number, lint, _unit = seeded(emu)
    size = 32 * 1024 * 1024
    artifact_id = emu.add_artifact(lint, "huge.bin", size=size, seed=9)
    expected_sha1 = buildkite_client.artifacts.get(emu.org, lint, artifact_id).sha1sum
    dest = tmp_path / "huge.bin"
    tracemalloc.start()
    try:
        buildkite_client.artifacts.download_to(emu.org, lint, artifact_id, dest)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert dest.stat().st_size == size
    digest = hashlib.sha1()
    with dest.open("rb") as f:
        while block := f.read(1 << 20):
            digest.update(block)
    assert digest.hexdigest() == expected_sha1
    # both ends of the socket are traced (the emulator runs in this process), and still
    # the peak is a small fraction of the artifact
    assert peak < size // 8, f"peak {peak} bytes"


# -- async -----------------------------------------------------------------------------------


async def test_async_artifacts(
    buildkite_emulator: Emulator, async_buildkite_client: pybuildkite.AsyncClient, tmp_path: Path
) -> None:
    emu = buildkite_emulator
    slug, number, lint, _unit = seeded(emu)
    artifact_id = emu.add_artifact(lint, "dist/big.bin", size=BIG, seed=3)
    artifacts = async_buildkite_client.artifacts
    assert [a.id async for a in artifacts.list(emu.org, slug, number)] == [artifact_id]
    assert [a.id async for a in artifacts.list_for_job(emu.org, lint)] == [artifact_id]
    assert (await artifacts.get(emu.org, lint, artifact_id)).file_size == BIG
    url = await artifacts.url(emu.org, lint, artifact_id)
    assert url.startswith(emu.storage_url) and emu.storage_requests == []

    data = b"".join([chunk async for chunk in artifacts.download(emu.org, lint, artifact_id)])
    assert data == emu.artifact_bytes(artifact_id)
    dest = await artifacts.download_to(
        emu.org, lint, artifact_id, tmp_path / "big.bin", pipeline=slug, build=number
    )
    assert dest.read_bytes() == data
    assert all("authorization" not in r.headers for r in emu.storage_requests)
    assert len(emu.storage_requests) == 2

    await artifacts.delete(emu.org, lint, artifact_id)
    with pytest.raises(pybuildkite.NotFoundError):
        await artifacts.download_to(emu.org, lint, artifact_id, tmp_path / "gone.bin")
    assert leftovers(tmp_path) == ["big.bin"]


async def test_async_failed_download_leaves_no_file(
    buildkite_emulator: Emulator,
    async_buildkite_client: pybuildkite.AsyncClient,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    emu = buildkite_emulator
    _slug, _number, lint, _unit = seeded(emu)
    artifact_id = emu.add_artifact(lint, "dist/big.bin", size=BIG, seed=5)
    failing_midway(monkeypatch)
    with pytest.raises(pybuildkite.APIConnectionError):
        await async_buildkite_client.artifacts.download_to(
            emu.org, lint, artifact_id, tmp_path / "big.bin"
        )
    assert leftovers(tmp_path) == []
    with pytest.raises(ValueError, match="directory"):
        await async_buildkite_client.artifacts.download_to(emu.org, lint, artifact_id, tmp_path)
