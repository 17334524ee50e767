"""Step uploads of a build: the cursor-paginated listing and one upload."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from typing import Any

import pytest

import pybuildkite
from pybuildkite.types.step_uploads import StepUpload

ORG = "acme"


def seed_uploads(emu: Any, pipeline: str, number: int, count: int) -> list[dict[str, Any]]:
    """Uploads as go-buildkite documents them (the emulator has no seeding helper for them)."""
    job_ids = emu.job_ids(ORG, pipeline, number)
    uploads = [
        {
            "uuid": str(uuid.uuid4()),
            "graphql_id": f"U3RlcFVwbG9hZC0tLXt{i}",
            "state": "applied",
            "source": "agent",
            "source_job_id": job_ids[0],
            "replace_existing_steps": False,
            "created_jobs_count": i,
            "rejection_type": None,
            "message": None,
            "url": f"{emu.url}/step-uploads/{i}",
            "created_at": "2026-01-08T23:22:05.123Z",
            "processed_at": "2026-01-08 23:22:06 UTC",
            "definition_stored_bytes": 120,
            "definition_yaml": "steps:\n  - command: make\n",
            "definition_bytes": 27,
            "created_job_uuids": [],
        }
        for i in range(count)
    ]
    with emu.store.lock:
        emu.store.build(ORG, pipeline, number).step_uploads.extend(uploads)
    return uploads


@pytest.fixture
def build(buildkite_emulator: Any) -> tuple[str, int]:
    pipeline = buildkite_emulator.add_pipeline(ORG, "Dynamic")
    return pipeline, buildkite_emulator.add_build(ORG, pipeline)


def test_list_walks_the_cursor_pages(
    buildkite_emulator: Any, buildkite_client: pybuildkite.Client, build: tuple[str, int]
) -> None:
    pipeline, number = build
    seeded = seed_uploads(buildkite_emulator, pipeline, number, 5)
    uploads = buildkite_client.step_uploads.list(ORG, pipeline, number, per_page=2).to_list()
    assert [u.uuid for u in uploads] == [u["uuid"] for u in seeded]
    path = f"/v2/organizations/{ORG}/pipelines/{pipeline}/builds/{number}/step-uploads"
    first, *rest = buildkite_emulator.requests[-3:]
    assert (first.method, first.path, Counter(first.query)) == (
        "GET", path, Counter({("per_page", "2"): 1}),
    )  # fmt: skip
    assert len(rest) == 2 and all(r.path == path and dict(r.query).get("after") for r in rest)
    upload = uploads[0]
    assert isinstance(upload, StepUpload)
    assert (upload.state, upload.created_jobs_count, upload.replace_existing_steps) == (
        "applied", 0, False,
    )  # fmt: skip
    assert isinstance(upload.created_at, dt.datetime) and isinstance(upload.processed_at,
                                                                     dt.datetime)  # fmt: skip


def test_list_filters_by_source_job(
    buildkite_emulator: Any, buildkite_client: pybuildkite.Client, build: tuple[str, int],
    wire: Any,
) -> None:  # fmt: skip
    pipeline, number = build
    job_id = seed_uploads(buildkite_emulator, pipeline, number, 1)[0]["source_job_id"]
    uploads = buildkite_client.step_uploads.list(ORG, pipeline, number, source_job_id=job_id)
    assert [u.source_job_id for u in uploads] == [job_id]
    assert wire().query == Counter({("filter[source_job_id]", job_id): 1, ("per_page", "100"): 1})


def test_get_includes_the_definition(
    buildkite_emulator: Any, buildkite_client: pybuildkite.Client, build: tuple[str, int],
    wire: Any,
) -> None:  # fmt: skip
    pipeline, number = build
    seeded = seed_uploads(buildkite_emulator, pipeline, number, 2)[1]
    upload = buildkite_client.step_uploads.get(ORG, pipeline, number, seeded["uuid"])
    path = f"/v2/organizations/{ORG}/pipelines/{pipeline}/builds/{number}/step-uploads"
    assert wire() == ("GET", f"{path}/{seeded['uuid']}", Counter(), None)
    assert upload.definition_yaml == "steps:\n  - command: make\n"
    assert (upload.definition_bytes, upload.created_job_uuids) == (27, [])
    with pytest.raises(pybuildkite.NotFoundError):
        buildkite_client.step_uploads.get(ORG, pipeline, number, "missing")


def test_bad_input_is_refused(buildkite_client: pybuildkite.Client, refused: Any) -> None:
    uploads = buildkite_client.step_uploads
    with refused(ValueError, "number must be >= 1"):
        uploads.list(ORG, "dynamic", 0)
    with refused(TypeError, "number must be an int"):
        uploads.get(ORG, "dynamic", "1", "u")  # type: ignore[arg-type]
    with refused(ValueError, "source_job_id must not be empty"):
        uploads.list(ORG, "dynamic", 1, source_job_id="")


async def test_async_step_uploads(
    buildkite_emulator: Any, async_buildkite_client: pybuildkite.AsyncClient,
    build: tuple[str, int],
) -> None:  # fmt: skip
    pipeline, number = build
    seeded = seed_uploads(buildkite_emulator, pipeline, number, 3)
    uploads = async_buildkite_client.step_uploads
    listed = [u.uuid async for u in uploads.list(ORG, pipeline, number, per_page=2)]
    assert listed == [u["uuid"] for u in seeded]
    assert (await uploads.get(ORG, pipeline, number, listed[2])).uuid == listed[2]
