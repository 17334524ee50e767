"""Jobs, under a build and directly under the organization.

Logs: JSON by default (``{url, content, size, header_times}``); raw text with
``Accept: text/plain`` or ``/log.txt``; HTML with ``Accept: text/html`` or
``/log.html``.  ``HEAD`` gives ``Content-Length`` and ``Accept-Ranges``.
``Range: bytes=-N`` (text only) answers 206 with the last N bytes; any other
range form, or a range on a non-text request, is 400; a range on an empty log
is 416.
"""

from __future__ import annotations

import json
import re
from datetime import timedelta

from .. import _render
from .._http import HTTPError, Req, Resp, empty, json_resp, paginate_cursor, text_resp
from .._sim import (
    RETRYABLE_JOB_STATES,
    header_times,
    job_env,
    job_log,
    log_to_html,
    retry_job,
    unblock_job,
)
from .._state import Job, iso
from ._common import BUILD, ORG_JOB, both_job_routes, get_build, get_job

JOB_STATES = frozenset(
    [
        "pending",
        "waiting",
        "waiting_failed",
        "blocked",
        "blocked_failed",
        "unblocked",
        "unblocked_failed",
        "limiting",
        "limited",
        "scheduled",
        "reserved",
        "assigned",
        "accepted",
        "running",
        "passed",
        "failed",
        "canceling",
        "canceled",
        "timing_out",
        "timed_out",
        "skipped",
        "broken",
        "expired",
        "platform_limiting",
        "platform_limited",
    ]
)
_SUFFIX = re.compile(r"^bytes=-(\d+)$")


def list_jobs(req: Req) -> Resp:
    b = get_build(req)
    q = req.query
    states = q.list("state")
    bad = [s for s in states if s not in JOB_STATES]
    if bad:
        raise HTTPError(400, f"Invalid state: {', '.join(bad)}")
    include_retried = q.bool("include_retried_jobs", True)
    step_key = q.get("step_key")
    group_key = q.get("group_key")
    items = [
        j
        for j in b.jobs
        if (include_retried or not j.retried)
        and (not states or j.state in states)
        and (step_key is None or j.step_key == step_key)
        and (group_key is None or j.group_key == group_key)
    ]
    return paginate_cursor(
        req, items, key=lambda j: j.id, render=lambda j: _render.job(req.store, j)
    )


def get_one(req: Req) -> Resp:
    return json_resp(_render.job(req.store, get_job(req)))


def retry(req: Req) -> Resp:
    j = get_job(req)
    if j.build.canceled:
        raise HTTPError(422, "Jobs from canceled builds cannot be retried")
    if j.type != "script" or j.state not in RETRYABLE_JOB_STATES:
        raise HTTPError(400, "Only failed, timed out or canceled jobs can be retried")
    if j.retried:
        raise HTTPError(422, "This job has already been retried")
    new = retry_job(req.store, j, req.user.id if req.user else None)
    return json_resp(_render.job(req.store, new))


def reprioritize(req: Req) -> Resp:
    j = get_job(req)
    priority = req.data().get("priority")
    if isinstance(priority, str) and re.fullmatch(r"-?\d+", priority):
        priority = int(priority)
    if not isinstance(priority, int) or isinstance(priority, bool):
        raise HTTPError(400, "Priority must be an integer")
    j.priority = priority
    return json_resp(_render.job(req.store, j))


def unblock(req: Req) -> Resp:
    j = get_job(req)
    if j.type != "manual":
        raise HTTPError(400, "This job type cannot be unblocked")
    if j.build.canceled:
        raise HTTPError(422, "Jobs from canceled builds cannot be unblocked")
    if j.state != "blocked":
        raise HTTPError(422, "This job is not blocked")
    data = req.data()
    fields = data.get("fields") or {}
    if not isinstance(fields, dict):
        raise HTTPError(422, "Validation failed: fields must be an object")
    unblocker = data.get("unblocker") or (req.user.id if req.user else None)
    if unblocker not in j.build.pipeline.org.member_ids:
        raise HTTPError(422, "Unblocker is not a valid user id for this organization")
    unblock_job(req.store, j, unblocker, fields)
    return json_resp(_render.job(req.store, j))


def _log_job(req: Req) -> tuple[Job, bytes]:
    j = get_job(req)
    return j, job_log(req.store, j)


def _range(req: Req, data: bytes) -> Resp | None:
    rng = req.headers.get("range")
    if rng is None:
        return None
    m = _SUFFIX.match(rng.strip())
    if m is None or int(m.group(1)) == 0:
        raise HTTPError(
            400, "Invalid range header; only suffix ranges like bytes=-1000 are supported"
        )
    if not data:
        resp = json_resp({"message": "Requested range not satisfiable"}, 416)
        resp.header("content-range", "bytes */0")
        return resp
    n = min(int(m.group(1)), len(data))
    start = len(data) - n
    resp = text_resp(data[start:])
    resp.status = 206
    resp.header("content-range", f"bytes {start}-{len(data) - 1}/{len(data)}")
    resp.header("accept-ranges", "bytes")
    return resp


def _text(req: Req, data: bytes) -> Resp:
    ranged = _range(req, data)
    if ranged is not None:
        return ranged
    resp = text_resp(data)
    resp.header("accept-ranges", "bytes")
    return resp


def _html(req: Req, data: bytes) -> Resp:
    if "range" in req.headers:
        raise HTTPError(400, "Range requests are only supported for text/plain logs")
    return text_resp(log_to_html(data), "text/html; charset=utf-8")


def log_get(req: Req) -> Resp:
    j, data = _log_job(req)
    if req.accepts("text/plain"):
        return _text(req, data)
    if req.accepts("text/html"):
        return _html(req, data)
    if "range" in req.headers:
        raise HTTPError(400, "Range requests are only supported for text/plain logs")
    url = _render.job_url(req.store, j) + "/log"
    return json_resp(
        {
            "url": url,
            "content": data.decode("utf-8", errors="replace"),
            "size": len(data),
            "header_times": header_times(data),
        }
    )


def log_txt(req: Req) -> Resp:
    return _text(req, _log_job(req)[1])


def log_html(req: Req) -> Resp:
    return _html(req, _log_job(req)[1])


def log_head(req: Req) -> Resp:
    _j, data = _log_job(req)
    resp = Resp(200, b"")
    resp.header("content-type", "text/plain; charset=utf-8")
    resp.header("content-length", str(len(data)))
    resp.header("accept-ranges", "bytes")
    return resp


def log_delete(req: Req) -> Resp:
    j = get_job(req)
    j.log = None
    j.log_deleted = True
    return empty(204)


def _dotenv(env: dict[str, str]) -> str:
    lines = []
    for k, v in env.items():
        if re.fullmatch(r"[A-Za-z0-9_./:@+-]*", v):
            lines.append(f"{k}={v}")
        else:
            lines.append(f"{k}={json.dumps(v, ensure_ascii=False)}")
    return "\n".join(lines) + ("\n" if lines else "")


def env_get(req: Req) -> Resp:
    env = job_env(req.store, get_job(req))
    if req.accepts("text/plain"):
        return text_resp(_dotenv(env))
    return json_resp({"env": env})


def env_txt(req: Req) -> Resp:
    return text_resp(_dotenv(job_env(req.store, get_job(req))))


def _session_job(req: Req) -> Job:
    j = get_job(req)
    if j.type != "script" or j.state != "running":
        raise HTTPError(422, "Remote sessions are only available for running command jobs")
    return j


def vnc(req: Req) -> Resp:
    j = _session_job(req)
    expires = iso(req.store.clock.now() + timedelta(minutes=15))
    resp = json_resp(
        {
            "endpoint": f"wss://{j.id}.vnc.emulator.invalid",
            "access_token": req.store.new_secret(16),
            "expires_at": expires,
            "vnc": {"username": "buildkite", "password": req.store.new_secret(8)},
        }
    )
    return resp.header("cache-control", "no-store")


def ssh(req: Req) -> Resp:
    j = _session_job(req)
    expires = iso(req.store.clock.now() + timedelta(minutes=15))
    resp = json_resp(
        {
            "endpoint": f"wss://{j.id}.ssh.emulator.invalid",
            "access_token": req.store.new_secret(16),
            "expires_at": expires,
            "transport": "websocket",
            "ssh": {
                "username": "buildkite",
                "private_key": "-----BEGIN OPENSSH PRIVATE KEY-----\nemulator\n"
                "-----END OPENSSH PRIVATE KEY-----\n",
            },
        }
    )
    return resp.header("cache-control", "no-store")


ROUTES: list[tuple[object, ...]] = [("GET", BUILD + "/jobs", list_jobs)]
for _base in both_job_routes(""):
    ROUTES += [
        ("GET", _base, get_one),
        ("PUT", _base + "/retry", retry),
        ("PUT", _base + "/reprioritize", reprioritize),
        ("PUT", _base + "/unblock", unblock),
        ("GET", _base + "/log", log_get),
        ("HEAD", _base + "/log", log_head),
        ("DELETE", _base + "/log", log_delete),
        ("GET", _base + "/log.txt", log_txt, ("read_build_logs",)),
        ("HEAD", _base + "/log.txt", log_head, ("read_build_logs",)),
        ("GET", _base + "/log.html", log_html, ("read_build_logs",)),
        ("GET", _base + "/env", env_get),
        ("GET", _base + "/env.txt", env_txt, ("read_job_env",)),
    ]
ROUTES += [
    ("POST", ORG_JOB + "/vnc-session", vnc),
    ("POST", ORG_JOB + "/ssh-session", ssh),
]
