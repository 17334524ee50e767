"""Pipeline schedules: list, get, create, update (PUT), delete."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pytest

import pybuildkite
from pybuildkite.types.pipeline_schedules import PipelineSchedule

ORG = "acme"


@pytest.fixture
def pipeline(buildkite_emulator: Any) -> str:
    return str(buildkite_emulator.add_pipeline(ORG, "Nightly"))


def schedules_path(pipeline: str, *rest: str) -> str:
    return "/".join([f"/v2/organizations/{ORG}/pipelines/{pipeline}/schedules", *rest])


def test_create_get_list(
    buildkite_emulator: Any, buildkite_client: pybuildkite.Client, pipeline: str, wire: Any
) -> None:
    schedules = buildkite_client.pipeline_schedules
    created = schedules.create(
        ORG, pipeline, cronline="0 3 * * *", label="Nightly", message="Nightly build",
        commit="HEAD", branch="main", env={"NIGHTLY": "1"}, enabled=True,
    )  # fmt: skip
    assert wire() == ("POST", schedules_path(pipeline), Counter(), {
        "cronline": "0 3 * * *", "label": "Nightly", "message": "Nightly build",
        "commit": "HEAD", "branch": "main", "env": {"NIGHTLY": "1"}, "enabled": True,
    })  # fmt: skip
    assert buildkite_emulator.requests[-1].status == 201
    assert isinstance(created, PipelineSchedule)
    assert (created.cronline, created.label, created.env) == ("0 3 * * *", "Nightly",
                                                              {"NIGHTLY": "1"})  # fmt: skip
    assert isinstance(created.next_build_at, dt.datetime)
    assert created.pipeline is not None and created.pipeline.slug == pipeline
    assert created.created_by is not None and created.created_by.id == buildkite_emulator.user_id

    got = schedules.get(ORG, pipeline, created.id)
    assert wire() == ("GET", schedules_path(pipeline, created.id), Counter(), None)
    assert got.id == created.id

    hourly = schedules.create(ORG, pipeline, cronline="@hourly")
    assert wire().json == {"cronline": "@hourly"}
    assert hourly.commit == "HEAD"  # the documented default
    listed = schedules.list(ORG, pipeline).to_list()
    assert wire().query == Counter({("per_page", "100"): 1})
    assert [s.id for s in listed] == [hourly.id, created.id]  # newest first


def test_update_is_a_partial_put(
    buildkite_client: pybuildkite.Client, pipeline: str, wire: Any
) -> None:
    schedules = buildkite_client.pipeline_schedules
    created = schedules.create(ORG, pipeline, cronline="@daily", label="Daily")
    updated = schedules.update(ORG, pipeline, created.id, enabled=False, cronline="@weekly")
    assert wire() == ("PUT", schedules_path(pipeline, created.id), Counter(),
                      {"enabled": False, "cronline": "@weekly"})  # fmt: skip
    assert (updated.enabled, updated.cronline, updated.label) == (False, "@weekly", "Daily")
    assert updated.next_build_at is None


def test_delete(buildkite_client: pybuildkite.Client, pipeline: str, wire: Any) -> None:
    schedules = buildkite_client.pipeline_schedules
    created = schedules.create(ORG, pipeline, cronline="@daily")
    assert schedules.delete(ORG, pipeline, created.id) is None
    assert wire() == ("DELETE", schedules_path(pipeline, created.id), Counter(), None)
    with pytest.raises(pybuildkite.NotFoundError):
        schedules.get(ORG, pipeline, created.id)
    assert schedules.list(ORG, pipeline).to_list() == []


def test_bad_input_is_refused(buildkite_client: pybuildkite.Client, refused: Any) -> None:
    schedules = buildkite_client.pipeline_schedules
    with refused(ValueError, "cronline must not be empty"):
        schedules.create(ORG, "nightly", cronline="")
    with refused(TypeError, "enabled must be a bool"):
        schedules.create(ORG, "nightly", cronline="@daily", enabled=1)  # type: ignore[arg-type]
    with refused(TypeError, "env must be a mapping"):
        schedules.create(ORG, "nightly", cronline="@daily", env="A=1")  # type: ignore[arg-type]
    with refused(ValueError, "at least one field"):
        schedules.update(ORG, "nightly", "some-id")
    with refused(TypeError, "cronline cannot be None"):
        schedules.update(ORG, "nightly", "some-id", cronline=None)  # type: ignore[arg-type]
    with refused(ValueError, "must not be empty"):
        schedules.get(ORG, "nightly", "")


async def test_async_schedules(
    async_buildkite_client: pybuildkite.AsyncClient, pipeline: str, wire: Any
) -> None:
    schedules = async_buildkite_client.pipeline_schedules
    created = await schedules.create(ORG, pipeline, cronline="@daily")
    assert wire().json == {"cronline": "@daily"}
    assert (await schedules.get(ORG, pipeline, created.id)).cronline == "@daily"
    assert [s.id async for s in schedules.list(ORG, pipeline)] == [created.id]
    assert (await schedules.update(ORG, pipeline, created.id, label="Daily")).label == "Daily"
    await schedules.update(ORG, pipeline, created.id, label=None, message=None)
    assert wire()[::3] == ("PUT", {"label": None, "message": None})
    await schedules.delete(ORG, pipeline, created.id)
    assert wire()[:2] == ("DELETE", schedules_path(pipeline, created.id))
