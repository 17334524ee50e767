"""The generic store, and a sweep proving every catalog route is served."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from pybuildkite.testing import Emulator
from pybuildkite.testing._app import Router
from pybuildkite.testing._catalog import CATALOG
from pybuildkite.testing.routes import generic, meta


@pytest.fixture(scope="module")
def generic_emu() -> Iterator[Emulator]:
    """An emulator whose non-core routes all come from the generic store."""
    emu = Emulator()
    emu._app.router = Router([list(meta.ROUTES), generic.routes(exclude=frozenset())])
    with emu:
        yield emu


@pytest.fixture
def g(generic_emu: Emulator) -> Iterator[httpx.Client]:
    generic_emu.reset()
    with httpx.Client(
        base_url=generic_emu.url + "/v2/organizations/acme",
        headers={"Authorization": f"Bearer {generic_emu.token}"},
    ) as client:
        yield client


def test_generic_crud_actions_and_variants(g: httpx.Client) -> None:
    r = g.post("/clusters", json={"name": "Open Source", "emoji": ":technologist:"})
    assert r.status_code == 201
    cluster = r.json()
    cid = cluster["id"]
    assert cluster["name"] == "Open Source" and cluster["url"].endswith(f"/clusters/{cid}")
    assert g.get(f"/clusters/{cid}").json()["emoji"] == ":technologist:"
    # Docs say PUT, go-buildkite sends PATCH: both update.
    assert g.put(f"/clusters/{cid}", json={"description": "a"}).json()["description"] == "a"
    assert g.patch(f"/clusters/{cid}", json={"color": "#fff"}).json()["color"] == "#fff"
    q = g.post(f"/clusters/{cid}/queues", json={"key": "default"}).json()
    assert (
        g.post(
            f"/clusters/{cid}/queues/{q['id']}/pause_dispatch", json={"dispatch_paused_note": "x"}
        ).json()["dispatch_paused"]
        is True
    )
    again = g.post(f"/clusters/{cid}/queues/{q['id']}/pause_dispatch")
    assert again.status_code == 422
    assert (
        g.post(f"/clusters/{cid}/queues/{q['id']}/resume_dispatch").json()["dispatch_paused"]
        is False
    )
    assert g.post("/clusters/nope/queues", json={"key": "x"}).json() == {"message": "Not Found"}
    r = g.get(f"/clusters/{cid}/queues")
    assert [x["key"] for x in r.json()] == ["default"]
    assert g.delete(f"/clusters/{cid}/queues/{q['id']}").status_code == 204
    assert g.get(f"/clusters/{cid}/queues/{q['id']}").json() == {"message": "Not Found"}


def test_generic_cursor_list(g: httpx.Client) -> None:
    for i in range(3):
        assert (
            g.post("/services", json={"provider": "slack", "description": f"s{i}"}).status_code
            == 201
        )
    page = g.get("/services", params={"per_page": 2}).json()
    assert [s["description"] for s in page["items"]] == ["s0", "s1"]
    rest = g.get(page["links"]["next"]).json()
    assert [s["description"] for s in rest["items"]] == ["s2"]
    sid = page["items"][0]["id"]
    assert g.put(f"/services/{sid}/disable").json()["enabled"] is False
    assert g.put(f"/services/{sid}/enable").json()["enabled"] is True


def test_generic_singletons_slugs_views(generic_emu: Emulator, g: httpx.Client) -> None:
    assert g.patch("/api-settings", json={"allowed_ip_addresses": "10.0.0.0/8"}).status_code == 200
    assert g.get("/api-settings").json()["allowed_ip_addresses"] == "10.0.0.0/8"
    r = g.put("/pipeline-settings/public-pipelines", json={})
    assert r.json()["public_pipelines"] == {"enabled": True}
    assert g.delete("/pipeline-settings/public-pipelines").json()["public_pipelines"] == {
        "enabled": False
    }
    base = generic_emu.url + "/v2/analytics/organizations/acme/suites"
    suite = g.post(base, json={"name": "My Suite"}).json()
    assert suite["slug"] == "my-suite"
    tests = f"/v2/analytics/organizations/acme/suites/{suite['slug']}/tests"
    tid = generic_emu.seed_resource(tests, {"name": "is fast", "state": "enabled"})
    assert g.put(f"{generic_emu.url}{tests}/{tid}/mute").json()["state"] == "muted"
    assert [t["name"] for t in g.get(f"{generic_emu.url}{tests}/muted").json()] == ["is fast"]
    assert g.get(f"{generic_emu.url}{tests}/skipped").json() == []
    invited = g.post("/invitations", json={"emails": ["a@example.com", "b@example.com"]})
    assert invited.status_code == 201 and len(invited.json()) == 2
    team = generic_emu.add_team(name="T")
    r = g.post(f"/teams/{team}/suite", json={"suite_id": suite["id"], "access_level": ["read"]})
    assert r.status_code == 201
    assert g.get(f"/teams/{team}/suites/{suite['id']}").json()["access_level"] == ["read"]


# -- the sweep ---------------------------------------------------------------------

CREATE_BODIES: dict[str, dict[str, Any]] = {
    "clusters": {"name": "C"},
    "queues": {"key": "q1", "description": "d"},
    "tokens": {"description": "t"},
    "maintainers": {"user": "u", "team": None},
    "secrets": {"key": "S1", "value": "v", "description": "d"},
    "agent-images": {"name": "img", "dockerfile": "FROM ubuntu"},
    "services": {
        "provider": "webhook",
        "settings": {"url": "https://example.com/hook"},
        "description": "d",
    },
    "invitations": {"emails": ["x@example.com"]},
    "pipeline-templates": {"name": "T", "configuration": "steps: []"},
    "rules": {
        "type": "pipeline.trigger_build.pipeline",
        "value": {"source_pipeline": "a", "target_pipeline": "b"},
    },
    "portals": {"name": "Portal", "slug": "portal", "query": "{ viewer { user { name } } }"},
    "suites": {"name": "Suite", "default_branch": "main"},
    "registries": {"name": "Reg", "ecosystem": "python"},
    "members": {"user_id": None},
    "pipelines": {"pipeline_id": None, "access_level": "read_only"},
}


class Sweep:
    def __init__(self, emu: Emulator, api: httpx.Client) -> None:
        self.emu = emu
        self.api = api
        self.ids: dict[str, str] = {}

    def setup(self) -> None:
        emu = self.emu
        slug = emu.add_pipeline(
            name="Sweep",
            configuration="steps:\n  - block: Go\n  - command: ls\n    artifact_paths: out.txt\n",
        )
        number = emu.add_build(pipeline=slug)
        emu.run_agents()
        jobs = emu.job_ids(None, slug, number)
        api = self.api
        api.put(f"/v2/organizations/acme/pipelines/{slug}/builds/{number}/jobs/{jobs[0]}/unblock")
        emu.run_agents()
        build = emu.get_build(None, slug, number)
        artifact = emu.add_artifact(jobs[1], "x.txt", b"x")
        ann = api.post(
            f"/v2/organizations/acme/pipelines/{slug}/builds/{number}/annotations",
            json={"body": "x"},
        ).json()
        agent = emu.add_agent(name="sweeper")
        team = emu.add_team(name="Sweepers", members=[emu.user_id])
        sched = api.post(
            f"/v2/organizations/acme/pipelines/{slug}/schedules", json={"cronline": "@daily"}
        ).json()
        pid = build["pipeline"]["id"]
        api.post(
            f"/v2/organizations/acme/teams/{team}/members",
            json={"user_id": emu.user_id, "role": "member"},
        )
        api.post(
            f"/v2/organizations/acme/teams/{team}/pipelines",
            json={"pipeline_id": pid, "access_level": "read_only"},
        )
        upload = {"uuid": emu.store.new_id(), "state": "applied", "source": "api"}
        emu.store.build(emu.org, slug, number).step_uploads.append(upload)  # type: ignore[union-attr]
        self.ids.update(
            {
                "org.slug": emu.org,
                "slug": slug,
                "pipeline.slug": slug,
                "build.number": str(number),
                "job.id": jobs[1],
                "annotation.uuid": ann["id"],
                "agents": agent,
                "artifacts": artifact,
                "team.uuid": team,
                "schedules": sched["id"],
                "user.uuid": emu.user_id,
                "pipeline.uuid": build["pipeline"]["id"],
                "build.id": build["id"],
                "upload.uuid": upload["uuid"],
            }
        )
        CREATE_BODIES["maintainers"] = {"user": emu.user_id}
        CREATE_BODIES["members"] = {"user_id": emu.user_id, "role": "member"}
        CREATE_BODIES["pipelines"] = {
            "pipeline_id": build["pipeline"]["id"],
            "access_level": "read_only",
        }

    def resolve(self, template: str) -> str:
        segs = template.split("/")
        out: list[str] = []
        for i, seg in enumerate(segs):
            m = re.fullmatch(r"\{([^}]+)\}", seg)
            if m is None:
                out.append(seg)
                continue
            name = m.group(1)
            parent = segs[i - 1]
            if name in self.ids and name not in ("id", "uuid"):
                out.append(self.ids[name])
            elif parent in self.ids:
                out.append(self.ids[parent])
            else:
                out.append(self.create("/".join(out), parent, name))
        return "/".join(out)

    def create(self, collection: str, parent: str, name: str) -> str:
        key = f"{collection}#{name}"
        if key in self.ids:
            return self.ids[key]
        body = CREATE_BODIES.get(parent, {"name": f"{parent}-item"})
        r = self.api.post(collection, json=body)
        ident = None
        if r.status_code in (200, 201) and isinstance(r.json(), dict):
            rec = r.json()
            for field in ("slug", "uuid", "id"):
                if name.endswith(field) and rec.get(field):
                    ident = str(rec[field])
                    break
            if ident is None and name.endswith("uuid") and parent == "suites":
                ident = str(rec.get("id"))
            ident = ident or str(rec.get("id") or rec.get("uuid"))
        elif r.status_code in (200, 201) and isinstance(r.json(), list) and r.json():
            ident = str(r.json()[0].get("uuid") or r.json()[0].get("id"))
        if ident is None:
            ident = self.emu.seed_resource(
                collection, {"name": f"{parent}-seeded", "state": "enabled", "status": "READY"}
            )
        self.ids[key] = ident
        return ident


def test_every_catalog_route_is_served(emu: Emulator, api: httpx.Client) -> None:
    sweep = Sweep(emu, api)
    sweep.setup()
    rows = [r for r in CATALOG if not (r[1] == "DELETE" and r[2] == "/v2/access-token")]
    # Deletes last, deepest first, so the records other routes need still exist.
    rows.sort(key=lambda r: (r[1] == "DELETE", -r[2].count("/") if r[1] == "DELETE" else 0))
    failures = []
    for group, method, path, _status, _pag, _scopes, alts, _is_list in rows:
        url = sweep.resolve(path)
        if method == "DELETE" and path.endswith("/annotations/{annotation.uuid}"):
            # Each delete needs its own annotation of the right scope.
            fresh = api.post(url.rsplit("/", 1)[0], json={"body": "gone soon"}).json()
            url = url.rsplit("/", 1)[0] + "/" + fresh["id"]
        for verb in (method, *alts):
            r = api.request(verb, url, json={} if verb in ("POST", "PUT", "PATCH") else None)
            if r.status_code in (404, 405):
                failures.append(f"{group}: {verb} {url} -> {r.status_code} {r.text[:100]}")
    assert failures == [], "\n".join(failures)
    assert api.delete("/v2/access-token").status_code == 204
