"""Pipeline schedules (newest first; PUT and PATCH both update)."""

from __future__ import annotations

from .. import _render
from .._http import HTTPError, Req, Resp, empty, json_resp, paginate_page
from .._state import Schedule
from ._common import PIPELINE, check_types, get_pipeline

FIELDS: dict[str, tuple[type, ...]] = {
    "cronline": (str,),
    "label": (str,),
    "message": (str,),
    "commit": (str,),
    "branch": (str,),
    "env": (dict,),
    "enabled": (bool,),
}


def _get(req: Req) -> Schedule:
    p = get_pipeline(req)
    s = req.store.schedules.get(req.params["id"])
    if s is None or s.pipeline is not p:
        raise HTTPError(404, "Not Found")
    return s


def list_schedules(req: Req) -> Resp:
    p = get_pipeline(req)
    items = [s for s in req.store.schedules.values() if s.pipeline is p][::-1]
    return paginate_page(req, items, lambda s: _render.schedule(req.store, s))


def get_one(req: Req) -> Resp:
    return json_resp(_render.schedule(req.store, _get(req)))


def create(req: Req) -> Resp:
    p = get_pipeline(req)
    data = req.data()
    check_types(data, FIELDS)
    if not data.get("cronline"):
        raise HTTPError(422, "Validation failed: Cronline can't be blank")
    s = Schedule(
        id=req.store.new_id(),
        pipeline=p,
        cronline=data["cronline"],
        created_at=req.store.clock.now(),
        created_by=req.user.id if req.user else None,
    )
    _apply(s, data)
    req.store.schedules[s.id] = s
    return json_resp(_render.schedule(req.store, s), 201)


def _apply(s: Schedule, data: dict[str, object]) -> None:
    for key in ("cronline", "label", "message", "commit", "branch", "env", "enabled"):
        if key in data and data[key] is not None:
            setattr(s, key, data[key])
    if data.get("enabled") is True:
        s.failed_message = None
        s.failed_at = None


def update(req: Req) -> Resp:
    s = _get(req)
    data = req.data()
    check_types(data, FIELDS)
    if "cronline" in data and not data["cronline"]:
        raise HTTPError(422, "Validation failed: Cronline can't be blank")
    _apply(s, data)
    return json_resp(_render.schedule(req.store, s))


def delete(req: Req) -> Resp:
    s = _get(req)
    del req.store.schedules[s.id]
    return empty(204)


S = PIPELINE + "/schedules"
ROUTES = [
    ("GET", S, list_schedules),
    ("POST", S, create),
    ("GET", S + "/{id}", get_one),
    ("PUT", S + "/{id}", update),
    ("PATCH", S + "/{id}", update),
    ("DELETE", S + "/{id}", delete),
]
