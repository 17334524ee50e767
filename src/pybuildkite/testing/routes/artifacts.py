"""Artifacts: list (build or job), get, download (302 to the storage origin), delete."""

from __future__ import annotations

import fnmatch

from .. import _render
from .._http import HTTPError, Req, Resp, empty, json_resp, paginate_page
from .._server import signed_url
from .._state import Artifact, Job
from ._common import BUILD, both_job_routes, get_build, get_job

STATES = ("new", "error", "finished", "deleted", "expired")


def _filtered(req: Req, items: list[Artifact]) -> list[Artifact]:
    state = req.query.get("state")
    if state and state not in STATES:
        raise HTTPError(422, f"Unknown artifact state: {state}")
    path = req.query.get("path")
    return [
        a
        for a in items
        if (not state or a.state == state)
        and (not path or a.path == path or fnmatch.fnmatchcase(a.path, path))
    ]


def list_build(req: Req) -> Resp:
    b = get_build(req)
    items: list[Artifact] = []
    for j in b.jobs:
        items.extend(req.store.job_artifacts.get(j.id, ()))
    return paginate_page(req, _filtered(req, items), lambda a: _render.artifact(req.store, a))


def list_job(req: Req) -> Resp:
    j = get_job(req)
    items = list(req.store.job_artifacts.get(j.id, ()))
    return paginate_page(req, _filtered(req, items), lambda a: _render.artifact(req.store, a))


def _get(req: Req) -> tuple[Job, Artifact]:
    j = get_job(req)
    a = req.store.artifacts.get(req.params["id"])
    if a is None or a.job is not j:
        raise HTTPError(404, "No artifact found")
    return j, a


def get_one(req: Req) -> Resp:
    return json_resp(_render.artifact(req.store, _get(req)[1]))


def download(req: Req) -> Resp:
    _j, a = _get(req)
    if a.state == "deleted":
        raise HTTPError(404, "No artifact found")
    url = signed_url(req.store, a)
    resp = json_resp({"url": url}, 302)
    return resp.header("location", url)


def delete(req: Req) -> Resp:
    _j, a = _get(req)
    a.state = "deleted"
    return empty(204)


ROUTES: list[tuple[object, ...]] = [("GET", BUILD + "/artifacts", list_build)]
for _base in both_job_routes("/artifacts"):
    ROUTES += [
        ("GET", _base, list_job),
        ("GET", _base + "/{id}", get_one),
        ("GET", _base + "/{id}/download", download),
        ("DELETE", _base + "/{id}", delete),
    ]
