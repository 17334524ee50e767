"""Annotations on builds and jobs.

Creating with an existing ``context`` (in the same build, or the same job for
job annotations) replaces that annotation's body, or appends to it with
``append: true``, instead of adding a second one.
"""

from __future__ import annotations

from .. import _render
from .._http import HTTPError, Req, Resp, empty, json_resp, paginate_page, validation_failed
from .._sim import upsert_annotation
from .._state import Annotation, Build
from ._common import BUILD, both_job_routes, check_types, get_build, get_job

STYLES = ("success", "info", "warning", "error", "default")
FIELDS: dict[str, tuple[type, ...]] = {
    "body": (str,),
    "style": (str,),
    "priority": (int,),
    "context": (str,),
    "append": (bool,),
    "scope": (str,),
    "job_id": (str,),
}


def _listing(req: Req, items: list[Annotation]) -> Resp:
    omit = req.query.bool("omit_body")
    ordered = sorted(items, key=lambda a: (-a.priority, a.created_at))
    return paginate_page(req, ordered, lambda a: _render.annotation(a, omit))


def list_build(req: Req) -> Resp:
    b = get_build(req)
    scope = req.query.get("scope") or "build"
    if scope not in ("build", "job", "all"):
        raise HTTPError(400, "scope must be one of build, job, all")
    items = [
        a for a in b.annotations if scope == "all" or (scope == "job") == (a.job_id is not None)
    ]
    return _listing(req, items)


def list_job(req: Req) -> Resp:
    j = get_job(req)
    return _listing(req, [a for a in j.build.annotations if a.job_id == j.id])


def _create(req: Req, b: Build, job_id: str | None) -> Resp:
    data = req.data()
    check_types(data, FIELDS)
    if not data.get("body"):
        raise validation_failed(("body", "can't be blank"))
    style = data.get("style") or "default"
    if style not in STYLES:
        raise validation_failed(("style", "is not included in the list"))
    priority = data.get("priority", 3)
    if priority is None:
        priority = 3
    if not 1 <= priority <= 10:
        raise validation_failed(("priority", "must be between 1 and 10"))
    a = upsert_annotation(
        req.store,
        b,
        job_id=job_id,
        body=data["body"],
        style=style,
        context=data.get("context") or "default",
        priority=priority,
        append=bool(data.get("append")),
        now=req.store.clock.now(),
    )
    return json_resp(_render.annotation(a), 201)


def create_build(req: Req) -> Resp:
    return _create(req, get_build(req), None)


def create_job(req: Req) -> Resp:
    j = get_job(req)
    return _create(req, j.build, j.id)


def _delete(req: Req, b: Build, job_id: str | None, check_job: bool) -> Resp:
    a = req.store.annotations.get(req.params["id"])
    if a is None or a.build is not b or (check_job and a.job_id != job_id):
        raise HTTPError(404, "No annotation found")
    b.annotations.remove(a)
    del req.store.annotations[a.id]
    return empty(204)


def delete_build(req: Req) -> Resp:
    return _delete(req, get_build(req), None, False)


def delete_job(req: Req) -> Resp:
    j = get_job(req)
    return _delete(req, j.build, j.id, True)


ROUTES: list[tuple[object, ...]] = [
    ("GET", BUILD + "/annotations", list_build),
    ("POST", BUILD + "/annotations", create_build),
    ("DELETE", BUILD + "/annotations/{id}", delete_build),
]
for _base in both_job_routes("/annotations"):
    ROUTES += [
        ("GET", _base, list_job),
        ("POST", _base, create_job),
        ("DELETE", _base + "/{id}", delete_job),
    ]
