"""Builds: the three listings with every filter, get, create, cancel, rebuild, retry.

Listings are newest first.  ``state`` takes ``finished`` as a shortcut for
passed|failed|blocked|canceled; ``branch`` values may contain ``*`` wildcards.
When ``page * per_page`` goes past the emulator's ``deep_listing_limit`` and
none of the narrowing filters (branch, commit, created_from, created_to,
finished_from, creator, meta_data) is present, the listing answers 400 like
Buildkite does.

``include_paused=false`` drops builds whose command jobs all target paused cluster queues
(the queue is the step's ``agents: {queue: ...}`` or ``queue=...`` rule, else ``default``;
a queue is paused through ``.../queues/{id}/pause_dispatch``).
"""

from __future__ import annotations

from typing import Any

from .. import _render
from .._http import HTTPError, Req, Resp, json_resp, page_params, paginate_page, validation_failed
from .._sim import (
    CANCELABLE_BUILD_STATES,
    cancel_build,
    create_build,
    retry_job,
    retryable_for_states,
)
from .._state import Build
from ._common import BUILD, ORG, PIPELINE, check_types, get_build, get_org, get_pipeline

DEEP_MESSAGE = (
    "Listing builds this deep is not supported. "
    "Please narrow your query using filters such as branch or created_from."
)
FINISHED = ("passed", "failed", "blocked", "canceled")
NARROWING = ("branch", "commit", "created_from", "created_to", "finished_from", "creator")
RETRY_STATES = ("canceled", "expired", "failed", "soft_failed", "timed_out")

CREATE_FIELDS: dict[str, tuple[type, ...]] = {
    "commit": (str,),
    "branch": (str,),
    "message": (str,),
    "author": (dict,),
    "clean_checkout": (bool,),
    "env": (dict,),
    "ignore_pipeline_branch_filters": (bool,),
    "meta_data": (dict,),
    "pull_request_base_branch": (str,),
    "pull_request_id": (int,),
    "pull_request_labels": (list,),
    "pull_request_repository": (str,),
}


def _paused_queues(req: Req, org: str) -> set[str]:
    clusters = f"/v2/organizations/{org}/clusters"
    keys: set[str] = set()
    for cluster in req.store.generic.get(clusters, {}):
        queues = req.store.generic.get(f"{clusters}/{cluster}/queues", {})
        keys.update(str(q.get("key")) for q in queues.values() if q.get("dispatch_paused"))
    return keys


def _queue_of(step: dict[str, Any]) -> str:
    agents = step.get("agents")
    if isinstance(agents, dict) and agents.get("queue"):
        return str(agents["queue"])
    if isinstance(agents, list):
        for rule in agents:
            if isinstance(rule, str) and rule.startswith("queue="):
                return rule[6:]
    return "default"


def _filters(req: Req) -> Any:
    q = req.query
    states: set[str] = set()
    for s in q.list("state"):
        states.update(FINISHED if s == "finished" else (s,))
    branches = q.list("branch")
    commits = set(q.list("commit"))
    created_from = q.datetime("created_from")
    created_to = q.datetime("created_to")
    finished_from = q.datetime("finished_from")
    creator = q.get("creator")
    meta = q.hash("meta_data")
    include_paused = q.bool("include_paused", True)
    paused_by_org: dict[str, set[str]] = {}
    from .._http import wildcard_match

    def on_paused_queues(b: Build) -> bool:
        org = b.pipeline.org.slug
        paused = paused_by_org.get(org)
        if paused is None:
            paused = paused_by_org[org] = _paused_queues(req, org)
        if not paused:
            return False
        scripts = [j for j in b.jobs if j.type == "script" and not j.retried]
        return bool(scripts) and all(_queue_of(j.step) in paused for j in scripts)

    def keep(b: Build) -> bool:
        if states and b.state not in states:
            return False
        if branches and not any(wildcard_match(p, b.branch) for p in branches):
            return False
        if commits and b.commit not in commits:
            return False
        if created_from and b.created_at < created_from:
            return False
        if created_to and b.created_at >= created_to:
            return False
        if finished_from and (b.finished_at is None or b.finished_at < finished_from):
            return False
        if creator and b.creator_id != creator:
            return False
        if not include_paused and on_paused_queues(b):
            return False
        return all(b.meta_data.get(k) == v for k, v in meta.items())

    narrowed = any(q.has(n) for n in NARROWING) or bool(meta)
    trivial = not (states or branches or commits or created_from or created_to or finished_from)
    trivial = trivial and not creator and not meta and include_paused
    return keep, narrowed, trivial


def _list(req: Req, source: list[Build]) -> Resp:
    keep, narrowed, trivial = _filters(req)
    page, per_page = page_params(req)
    limit = req.store.deep_listing_limit
    if limit is not None and page * per_page > limit and not narrowed:
        raise HTTPError(400, DEEP_MESSAGE)
    items = source if trivial else [b for b in source if keep(b)]
    q = req.query
    include_jobs = not q.bool("exclude_jobs")
    include_pipeline = not q.bool("exclude_pipeline")
    include_retried = q.bool("include_retried_jobs")
    store = req.store
    return paginate_page(
        req,
        items,
        lambda b: _render.build(
            store,
            b,
            include_jobs=include_jobs,
            include_pipeline=include_pipeline,
            include_retried=include_retried,
        ),
        (page, per_page),
    )


def list_all(req: Req) -> Resp:
    uid = req.user.id if req.user else ""
    allowed = {o.slug for o in req.store.orgs.values() if uid in o.member_ids}
    source = req.store.builds_newest_first()
    if len(allowed) != len(req.store.orgs):
        source = [b for b in source if b.pipeline.org.slug in allowed]
    return _list(req, source)


def list_org(req: Req) -> Resp:
    org = get_org(req)
    source = [b for b in req.store.builds_newest_first() if b.pipeline.org is org]
    return _list(req, source)


def list_pipeline(req: Req) -> Resp:
    p = get_pipeline(req)
    source = sorted(p.builds, key=lambda b: (b.created_at, b.seq), reverse=True)
    return _list(req, source)


def get_one(req: Req) -> Resp:
    b = get_build(req)
    q = req.query
    return json_resp(
        _render.build(
            req.store,
            b,
            include_retried=q.bool("include_retried_jobs"),
            job_states=q.list("job_states") or None,
            state_counts=True,
            include_pipeline=not q.bool("exclude_pipeline"),
            include_jobs=not q.bool("exclude_jobs"),
        )
    )


def create(req: Req) -> Resp:
    p = get_pipeline(req)
    data = req.data()
    check_types(data, CREATE_FIELDS)
    errors = [(k, "can't be blank") for k in ("commit", "branch") if not data.get(k)]
    meta = data.get("meta_data") or {}
    if any(not isinstance(v, str) for v in meta.values()):
        errors.append(("meta_data", "values must be strings"))
    if errors:
        raise validation_failed(*errors)
    if p.archived_at is not None:
        raise HTTPError(422, "Builds cannot be created for archived pipelines")
    pr: dict[str, Any] | None = None
    if data.get("pull_request_id") is not None:
        pr = {
            "id": str(data["pull_request_id"]),
            "base": data.get("pull_request_base_branch"),
            "repository": data.get("pull_request_repository") or p.repository,
            "labels": data.get("pull_request_labels") or [],
        }
    user = req.user
    assert user is not None
    author = data.get("author") or {"name": user.name, "email": user.email}
    b = create_build(
        req.store,
        p,
        branch=data["branch"],
        commit=data["commit"],
        message=data.get("message") or "",
        creator_id=user.id,
        env=data.get("env"),
        meta_data=meta,
        author=author,
        pull_request=pr,
        clean_checkout=bool(data.get("clean_checkout")),
        skip_filters=bool(data.get("ignore_pipeline_branch_filters")),
    )
    req.store.create_counts["builds"] += 1
    req.store.create_counts[f"builds:{p.org.slug}/{p.slug}"] += 1
    return json_resp(_render.build(req.store, b), 201)


def cancel(req: Req) -> Resp:
    b = get_build(req)
    if b.state not in CANCELABLE_BUILD_STATES:
        raise HTTPError(422, f"Build can't be canceled because it's {b.state}")
    cancel_build(req.store, b)
    return json_resp(_render.build(req.store, b))


def rebuild(req: Req) -> Resp:
    b = get_build(req)
    p = b.pipeline
    if not p.settings.get("allow_rebuilds", True):
        raise HTTPError(422, "Rebuilds are disabled for this pipeline")
    new = create_build(
        req.store,
        p,
        branch=b.branch,
        commit=b.commit,
        message=b.message,
        creator_id=req.user.id if req.user else None,
        env=b.env,
        meta_data=b.meta_data,
        author=b.author,
        pull_request=b.pull_request,
        clean_checkout=b.clean_checkout,
    )
    new.rebuilt_from = b
    return json_resp(_render.build(req.store, new))


def retry_failed_jobs(req: Req) -> Resp:
    b = get_build(req)
    raw = req.data().get("states", req.query.get("states"))
    if isinstance(raw, list):
        states = [str(s).strip() for s in raw if str(s).strip()]
    elif isinstance(raw, str):
        states = [s.strip() for s in raw.split(",") if s.strip()]
    else:
        states = []
    bad = [s for s in states if s not in RETRY_STATES]
    if bad:
        raise HTTPError(
            400,
            f"Invalid states: {', '.join(bad)}. Valid states are {', '.join(RETRY_STATES)}.",
        )
    if b.canceled:
        raise HTTPError(422, "Jobs from canceled builds cannot be retried")
    wanted = states or list(RETRY_STATES)
    targets = [j for j in b.jobs if j.type == "script" and retryable_for_states(j, wanted)]
    uid = req.user.id if req.user else None
    for j in targets:
        retry_job(req.store, j, uid)
    out = _render.build(req.store, b)
    out["retried_jobs_count"] = len(targets)
    return json_resp(out, 202)


ROUTES = [
    ("GET", "/v2/builds", list_all),
    ("GET", ORG + "/builds", list_org),
    ("GET", PIPELINE + "/builds", list_pipeline),
    ("POST", PIPELINE + "/builds", create),
    ("GET", BUILD, get_one),
    ("PUT", BUILD + "/cancel", cancel),
    ("PUT", BUILD + "/rebuild", rebuild),
    ("PUT", BUILD + "/retry_failed_jobs", retry_failed_jobs),
]
