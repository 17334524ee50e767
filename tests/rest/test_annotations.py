"""Annotations on builds and jobs against the emulator."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

import pybuildkite
from pybuildkite.testing import Emulator
from pybuildkite.types.annotations import Annotation

from .test_jobs import build_route, job_by_key, last, org_route, query, seed_build


def build_annotations(emu: Emulator, slug: str, number: int) -> str:
    return f"/v2/organizations/{emu.org}/pipelines/{slug}/builds/{number}/annotations"


def test_create_list_delete_on_a_build(
    buildkite_emulator: Emulator, buildkite_client: pybuildkite.Client
) -> None:
    emu = buildkite_emulator
    slug, number = seed_build(emu)
    annotations = buildkite_client.annotations
    created = annotations.create(
        emu.org, slug, number, body="**Coverage** 93%", style="success", context="coverage",
        priority=8,
    )  # fmt: skip
    assert isinstance(created, Annotation)
    assert (created.context, created.style, created.scope, created.priority, created.job_id) == (
        "coverage", "success", "build", 8, None
    )  # fmt: skip
    assert created.created_at is not None and created.created_at.tzinfo is not None
    record = last(emu)
    assert (record.method, record.path, record.status) == (
        "POST", build_annotations(emu, slug, number), 201
    )  # fmt: skip
    assert record.json == {
        "body": "**Coverage** 93%", "style": "success", "context": "coverage", "priority": 8
    }  # fmt: skip

    listed = annotations.list(emu.org, slug, number).to_list()
    assert [a.id for a in listed] == [created.id]
    assert listed[0].body_html

    assert annotations.delete(emu.org, slug, number, created.id) is None
    assert (last(emu).method, last(emu).path, last(emu).status) == (
        "DELETE", build_annotations(emu, slug, number) + f"/{created.id}", 204
    )  # fmt: skip
    assert annotations.list(emu.org, slug, number).to_list() == []


def test_append_to_an_existing_context(
    buildkite_emulator: Emulator, buildkite_client: pybuildkite.Client
) -> None:
    emu = buildkite_emulator
    slug, number = seed_build(emu)
    first = buildkite_client.annotations.create(emu.org, slug, number, body="one", context="log")
    again = buildkite_client.annotations.create(
        emu.org, slug, number, body="two", context="log", append=True
    )
    assert last(emu).json == {"body": "two", "context": "log", "append": True}
    assert again.id == first.id
    assert again.body_html is not None and "one" in again.body_html and "two" in again.body_html


def test_list_filters(buildkite_emulator: Emulator, buildkite_client: pybuildkite.Client) -> None:
    emu = buildkite_emulator
    slug, number = seed_build(emu)
    unit = job_by_key(emu, slug, number, "unit")["id"]
    for i in range(3):
        buildkite_client.annotations.create(emu.org, slug, number, body=f"b{i}", context=f"c{i}")
    buildkite_client.annotations.create_for_job(emu.org, unit, body="job", context="j")
    emu.clear_requests()

    everything = buildkite_client.annotations.list(
        emu.org, slug, number, scope="all", omit_body=True
    ).to_list()
    assert sorted(a.context or "" for a in everything) == ["c0", "c1", "c2", "j"]
    assert all(a.body_html is None for a in everything)
    assert query(last(emu)) == Counter(
        [("scope", "all"), ("omit_body", "true"), ("per_page", "100")]
    )
    jobs_only = buildkite_client.annotations.list(emu.org, slug, number, scope="job").to_list()
    assert [(a.context, a.scope, a.job_id) for a in jobs_only] == [("j", "job", unit)]
    assert buildkite_client.annotations.list(emu.org, slug, number).to_list()[0].scope == "build"


def test_list_pages_keep_per_page(
    buildkite_emulator: Emulator, buildkite_client: pybuildkite.Client
) -> None:
    emu = buildkite_emulator
    slug, number = seed_build(emu)
    for i in range(3):
        buildkite_client.annotations.create(emu.org, slug, number, body=f"b{i}", context=f"c{i}")
    emu.clear_requests()
    listed = buildkite_client.annotations.list(emu.org, slug, number, per_page=2).to_list()
    assert sorted(a.context or "" for a in listed) == ["c0", "c1", "c2"]
    assert len(emu.requests) == 2
    assert [Counter(k for k, _ in r.query)["per_page"] for r in emu.requests] == [1, 1]
    assert all(("per_page", "2") in r.query for r in emu.requests)
    assert ("page", "2") in emu.requests[1].query


def test_job_annotations_on_both_routes(
    buildkite_emulator: Emulator, buildkite_client: pybuildkite.Client
) -> None:
    emu = buildkite_emulator
    slug, number = seed_build(emu)
    job_id = job_by_key(emu, slug, number, "lint")["id"]
    annotations = buildkite_client.annotations
    by_build = annotations.create_for_job(
        emu.org, job_id, body="lint ok", style="info", pipeline=slug, build=number
    )
    assert (by_build.scope, by_build.job_id, by_build.style) == ("job", job_id, "info")
    assert (last(emu).path, last(emu).json) == (
        build_route(emu, slug, number, job_id) + "/annotations", {"body": "lint ok", "style": "info"}
    )  # fmt: skip
    by_org = annotations.create_for_job(emu.org, job_id, body="more", context="second")
    assert last(emu).path == org_route(emu, job_id) + "/annotations"

    listed = annotations.list_for_job(emu.org, job_id).to_list()
    assert sorted(a.id for a in listed) == sorted([by_build.id, by_org.id])
    assert last(emu).path == org_route(emu, job_id) + "/annotations"
    assert (
        annotations.list_for_job(emu.org, job_id, pipeline=slug, build=number).to_list() == listed
    )
    assert last(emu).path == build_route(emu, slug, number, job_id) + "/annotations"

    annotations.delete_for_job(emu.org, job_id, by_build.id, pipeline=slug, build=number)
    assert (last(emu).method, last(emu).path) == (
        "DELETE", build_route(emu, slug, number, job_id) + f"/annotations/{by_build.id}"
    )  # fmt: skip
    annotations.delete_for_job(emu.org, job_id, by_org.id)
    assert last(emu).path == org_route(emu, job_id) + f"/annotations/{by_org.id}"
    assert annotations.list_for_job(emu.org, job_id).to_list() == []


def test_delete_unknown_annotation(
    buildkite_emulator: Emulator, buildkite_client: pybuildkite.Client
) -> None:
    emu = buildkite_emulator
    slug, number = seed_build(emu)
    with pytest.raises(pybuildkite.NotFoundError):
        buildkite_client.annotations.delete(emu.org, slug, number, "no-such-annotation")


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"body": None}, TypeError),
        ({"body": ""}, ValueError),
        ({"body": "x", "style": "default"}, ValueError),
        ({"body": "x", "style": "Error"}, ValueError),
        ({"body": "x", "style": ["info"]}, TypeError),
        ({"body": "x", "priority": 0}, ValueError),
        ({"body": "x", "priority": 11}, ValueError),
        ({"body": "x", "priority": "3"}, TypeError),
        ({"body": "x", "context": ""}, ValueError),
        ({"body": "x", "append": "yes"}, TypeError),
    ],
)
def test_create_rejects_bad_input(
    buildkite_emulator: Emulator,
    buildkite_client: pybuildkite.Client,
    kwargs: dict[str, Any],
    error: type[Exception],
) -> None:
    annotations = buildkite_client.annotations
    with pytest.raises(error):
        annotations.create(buildkite_emulator.org, "app", 1, **kwargs)
    with pytest.raises(error):
        annotations.create_for_job(buildkite_emulator.org, "job", **kwargs)
    assert buildkite_emulator.requests == []


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [({"scope": "everything"}, ValueError), ({"scope": ["all"]}, TypeError),
     ({"omit_body": 1}, TypeError), ({"per_page": 0}, ValueError)],
)  # fmt: skip
def test_list_rejects_bad_filters(
    buildkite_emulator: Emulator,
    buildkite_client: pybuildkite.Client,
    kwargs: dict[str, Any],
    error: type[Exception],
) -> None:
    with pytest.raises(error):
        buildkite_client.annotations.list(buildkite_emulator.org, "app", 1, **kwargs)
    assert buildkite_emulator.requests == []


async def test_async_annotations(
    buildkite_emulator: Emulator, async_buildkite_client: pybuildkite.AsyncClient
) -> None:
    emu = buildkite_emulator
    slug, number = seed_build(emu)
    job_id = job_by_key(emu, slug, number, "lint")["id"]
    annotations = async_buildkite_client.annotations
    created = await annotations.create(emu.org, slug, number, body="hi", style="warning")
    on_job = await annotations.create_for_job(emu.org, job_id, body="job hi", priority=1)
    assert (created.style, on_job.scope, on_job.priority) == ("warning", "job", 1)
    listed = [a.id async for a in annotations.list(emu.org, slug, number, scope="all")]
    assert sorted(listed) == sorted([created.id, on_job.id])
    assert [a.id async for a in annotations.list_for_job(emu.org, job_id)] == [on_job.id]
    await annotations.delete(emu.org, slug, number, created.id)
    await annotations.delete_for_job(emu.org, job_id, on_job.id)
    assert [a async for a in annotations.list(emu.org, slug, number, scope="all")] == []
    assert [(r.method, r.status) for r in emu.requests] == [
        ("POST", 201), ("POST", 201), ("GET", 200), ("GET", 200), ("DELETE", 204),
        ("DELETE", 204), ("GET", 200),
    ]  # fmt: skip
