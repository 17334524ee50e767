"""Cluster maintainers seeded without an actor, step-upload filters and include_paused."""

from __future__ import annotations

import httpx

from pybuildkite.testing import Emulator

ORG = "/v2/organizations/acme"


def _cluster(api: httpx.Client) -> str:
    r = api.post(f"{ORG}/clusters", json={"name": "Main"})
    assert r.status_code == 201, r.text
    return f"{ORG}/clusters/{r.json()['id']}"


def test_maintainers_without_actor_do_not_break_the_listing(
    emu: Emulator, api: httpx.Client
) -> None:
    cluster = _cluster(api)
    other = emu.add_user("Grace Hopper")
    emu.add_member(emu.org, other)
    emu.seed_resource(cluster + "/maintainers", {"user": other})
    bare = emu.seed_resource(cluster + "/maintainers", {})
    r = api.get(cluster + "/maintainers")
    assert r.status_code == 200
    by_id = {m["id"]: m["actor"] for m in r.json()}
    assert by_id[bare] is None
    (derived,) = [a for a in by_id.values() if a is not None]
    assert derived["id"] == other and derived["name"] == "Grace Hopper"
    assert derived["type"] == "user"
    got = api.get(f"{cluster}/maintainers/{bare}")
    assert got.status_code == 200 and got.json() == {"id": bare, "actor": None}
    # The cluster itself, which lists its maintainers, renders them too.
    shown = api.get(cluster).json()["maintainers"]
    assert {m["id"] for m in shown["users"]} == set(by_id)
    assert api.get(cluster.rsplit("/", 1)[0]).status_code == 200
    # Adding a maintainer next to such records still checks for duplicates.
    assert api.post(cluster + "/maintainers", json={"user": other}).status_code == 422
    assert api.post(cluster + "/maintainers", json={"user": emu.user_id}).status_code == 201


def test_step_uploads_filter_by_source_job(emu: Emulator, api: httpx.Client) -> None:
    slug = emu.add_pipeline(name="Dynamic")
    number = emu.add_build(pipeline=slug)
    (job,) = emu.job_ids(None, slug, number)
    first = emu.add_step_upload(None, slug, number, source_job_id=job)
    emu.add_step_upload(None, slug, number, definition="steps:\n  - wait\n")
    url = f"{ORG}/pipelines/{slug}/builds/{number}/step-uploads"
    everything = api.get(url).json()["items"]
    assert len(everything) == 2
    assert "definition_yaml" not in everything[0]  # only shown for a single upload
    r = api.get(url, params={"filter[source_job_id]": job})
    assert [u["uuid"] for u in r.json()["items"]] == [first]
    assert r.json()["items"][0]["source_job_id"] == job
    assert api.get(url, params={"filter[source_job_id]": "nobody"}).json()["items"] == []
    one = api.get(f"{url}/{first}").json()
    assert one["definition_yaml"] == "steps:\n  - command: make test\n"
    assert one["definition_bytes"] == len(one["definition_yaml"])


def test_include_paused_drops_builds_stuck_on_paused_queues(
    emu: Emulator, api: httpx.Client
) -> None:
    cluster = _cluster(api)
    queue = api.post(cluster + "/queues", json={"key": "gpu"}).json()
    config = 'steps:\n  - command: "train"\n    agents:\n      queue: gpu\n'
    gpu = emu.add_pipeline(name="Train", configuration=config)
    plain = emu.add_pipeline(name="Web")
    waiting = emu.add_build(pipeline=gpu)
    other = emu.add_build(pipeline=plain)
    url = f"{ORG}/builds"

    def numbers(**params: str) -> list[tuple[str, int]]:
        return [(b["pipeline"]["slug"], b["number"]) for b in api.get(url, params=params).json()]

    everything = [(plain, other), (gpu, waiting)]
    assert numbers(include_paused="false") == everything  # nothing is paused yet
    assert api.post(f"{cluster}/queues/{queue['id']}/pause_dispatch").status_code == 200
    assert numbers() == everything  # include_paused defaults to true
    assert numbers(include_paused="true") == everything
    assert numbers(include_paused="false") == [(plain, other)]
    pipeline_url = f"{ORG}/pipelines/{gpu}/builds"
    assert api.get(pipeline_url, params={"include_paused": "false"}).json() == []
