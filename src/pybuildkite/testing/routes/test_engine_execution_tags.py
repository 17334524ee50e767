"""Test Engine execution tags: replace the mutable (``mut.*``) tags of test executions.

The body is ``{"executions": [{"id": <execution id>, "tags": {"mut.<key>": <str>}}]}``: at
least one and at most 100,000 executions, each a non-blank id with at most 10 tags whose keys
start with ``mut.`` and whose values are strings (422 otherwise, nothing recorded).  Ids are
taken as opaque strings, since executions the emulator has never seen may be tagged.  Tags
replace an execution's previous mutable tags and ``{}`` clears them.  The tags are recorded
in the suite's ``/execution-tags`` collection (``{id, tags}`` per execution) and merged into
the ``tags`` of the suite's failed executions with the same id, keeping their other tags.

Buildkite allows one such request a minute per suite.  The emulator enforces it only after
``emu.limit_execution_tags(per_minute)`` (429 with ``Retry-After`` past the limit), so tests
that tag twice are not held up unless they want to exercise the limit.
"""

from __future__ import annotations

from typing import Any

from .._http import HTTPError, Req, Resp, json_resp
from .._state import Store
from .test_engine_suites import SUITE, get_suite

Record = dict[str, Any]

EXECUTION_TAGS = SUITE + "/execution-tags"
MAX_EXECUTIONS = 100_000
MAX_TAGS = 10
PREFIX = "mut."
LIMIT_KEY = "test_engine_execution_tags_limit"
WINDOW = 60.0


def set_limit(store: Store, per_minute: int | None) -> None:
    """Enforce ``per_minute`` requests a minute per suite (``None`` lifts the limit)."""
    if per_minute is None:
        store.singletons.pop(LIMIT_KEY, None)
    else:
        store.singletons[LIMIT_KEY] = {"per_minute": per_minute, "hits": {}}


def _invalid(message: str) -> HTTPError:
    return HTTPError(422, f"Validation failed: {message}")


def _parse(data: dict[str, Any]) -> list[tuple[str, dict[str, str]]]:
    executions = data.get("executions")
    if not isinstance(executions, list) or not executions:
        raise _invalid("executions must be a non-empty array")
    if len(executions) > MAX_EXECUTIONS:
        raise _invalid(f"at most {MAX_EXECUTIONS} executions per request")
    out: list[tuple[str, dict[str, str]]] = []
    for item in executions:
        if not isinstance(item, dict):
            raise _invalid("each execution must be an object with id and tags")
        ident, tags = item.get("id"), item.get("tags")
        if not isinstance(ident, str) or not ident.strip():
            raise _invalid("execution id can't be blank")
        if not isinstance(tags, dict):
            raise _invalid(f"tags of execution {ident} must be an object")
        if len(tags) > MAX_TAGS:
            raise _invalid(f"at most {MAX_TAGS} tags per execution ({ident})")
        for key, value in tags.items():
            if not key.startswith(PREFIX) or key == PREFIX:
                raise _invalid(f"tag key {key} must start with {PREFIX}")
            if not isinstance(value, str):
                raise _invalid(f"tag {key} must be a string")
        out.append((ident, dict(tags)))
    return out


def _throttle(req: Req, suite_path: str) -> Resp | None:
    """A 429 when the suite has spent its allowance, else ``None`` (and the request counts)."""
    limit = req.store.singletons.get(LIMIT_KEY)
    if limit is None:
        return None
    now = req.store.clock.monotonic()
    hits: dict[str, list[float]] = limit["hits"]
    recent = [t for t in hits.get(suite_path, []) if now - t < WINDOW]
    if len(recent) >= limit["per_minute"]:
        wait = max(1, int(WINDOW - (now - recent[0]) + 0.999))
        message = (
            f"Rate limit exceeded: execution tags accept {limit['per_minute']} "
            "request(s) per minute per suite"
        )
        return json_resp({"message": message}, 429).header("retry-after", str(wait))
    recent.append(now)
    hits[suite_path] = recent
    return None


def update(req: Req) -> Resp:
    suite_path, _ = get_suite(req)
    # Validate first so a refused request does not spend the minute's allowance.
    parsed = _parse(req.data())
    refused = _throttle(req, suite_path)
    if refused is not None:
        return refused
    store = req.store.generic
    recorded = store.setdefault(suite_path + "/execution-tags", {})
    by_id = dict(parsed)
    for ident, tags in parsed:
        if tags:
            recorded[ident] = {"id": ident, "tags": tags}
        else:
            recorded.pop(ident, None)
    # Only this suite's runs: no walk over every collection in the store.
    for run in store.get(suite_path + "/runs", {}):
        coll = store.get(f"{suite_path}/runs/{run}/failed_executions", {})
        for key, rec in coll.items():
            ident = str(rec.get("execution_id") or key)
            if ident in by_id:
                kept = {
                    k: v for k, v in (rec.get("tags") or {}).items() if not k.startswith(PREFIX)
                }
                rec["tags"] = {**kept, **by_id[ident]}
    return json_resp({})


ROUTES = [("PUT", EXECUTION_TAGS, update)]
