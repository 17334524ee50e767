"""Agents: list (connected and stopping only), get, stop, pause, resume."""

from __future__ import annotations

from .. import _render
from .._http import HTTPError, Req, Resp, empty, json_resp, paginate_page
from .._sim import cancel_build, notify_agent
from .._state import Agent
from ._common import ORG, get_org


def list_agents(req: Req) -> Resp:
    org = get_org(req)
    q = req.query
    name, host, version = q.get("name"), q.get("hostname"), q.get("version")
    queue_id = q.get("cluster_queue_id")
    items = [
        a
        for a in req.store.agents.values()
        if a.org is org
        and a.connection_state in ("connected", "stopping")
        and (not name or name.lower() in a.name.lower())
        and (not host or host.lower() in a.hostname.lower())
        and (not version or a.version == version)
        and (not queue_id or a.cluster_queue_id == queue_id)
    ]
    return paginate_page(req, items, lambda a: _render.agent(req.store, a))


def _get(req: Req) -> Agent:
    org = get_org(req)
    a = req.store.agents.get(req.params["id"])
    if a is None or a.org is not org:
        raise HTTPError(404, "No agent found")
    return a


def get_one(req: Req) -> Resp:
    return json_resp(_render.agent(req.store, _get(req)))


def stop(req: Req) -> Resp:
    a = _get(req)
    if a.connection_state != "connected":
        raise HTTPError(400, "Can only stop connected agents")
    force = req.data().get("force", True)
    now = req.store.clock.now()
    if force or a.job_id is None:
        job = req.store.jobs.get(a.job_id) if a.job_id else None
        if job is not None and force:
            cancel_build(req.store, job.build)
        a.job_id = None
        a.connection_state = "stopped"
        a.stopped_at = now
        a.disconnected_at = now
    else:
        a.connection_state = "stopping"
    notify_agent(req.store, a)
    return empty(204)


def pause(req: Req) -> Resp:
    a = _get(req)
    if a.connection_state != "connected":
        raise HTTPError(422, "Only connected agents may be paused")
    if a.paused:
        raise HTTPError(422, "Agent is already paused")
    data = req.data()
    a.paused = True
    a.paused_at = req.store.clock.now()
    a.paused_by = req.user.id if req.user else None
    a.paused_note = data.get("note")
    timeout = data.get("timeout_in_minutes")
    a.paused_timeout_in_minutes = timeout if isinstance(timeout, int) else None
    return empty(204)


def resume(req: Req) -> Resp:
    a = _get(req)
    if not a.paused:
        raise HTTPError(422, "Agent is not paused")
    a.paused = False
    a.paused_at = None
    a.paused_by = None
    a.paused_note = None
    a.paused_timeout_in_minutes = None
    return empty(204)


A = ORG + "/agents"
ROUTES = [
    ("GET", A, list_agents),
    ("GET", A + "/{id}", get_one),
    ("PUT", A + "/{id}/stop", stop),
    ("PUT", A + "/{id}/pause", pause),
    ("PUT", A + "/{id}/resume", resume),
]
