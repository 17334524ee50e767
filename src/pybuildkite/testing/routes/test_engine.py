"""Test Engine tests: listing with filters, get, find, labels, quarantine, build tests.

Responses follow the ``Buildkite-Version`` request header: a non-blank value that is not
``YYYY-MM-DD`` answers 400; from ``2026-08-01`` on, tests carry their metrics
(``reliability``, ``duration_*``, ``executions_count*``), otherwise those fields are left out.
``period`` needs such a version and excludes ``min_timestamp``/``max_timestamp``.

Test records live in the generic store under the suite's ``/tests`` collection (seed them
with ``emu.seed_resource(".../suites/<slug>/tests", {...})``); build tests under
``.../builds/<build uuid>/tests``.  Filters: ``labels`` (comma list, ``!`` negates), the
legacy ``label``, ``state``, ``branch`` (a record's ``branch``, ``*`` wildcards), ``sort_by``
and ``order``.
"""

from __future__ import annotations

import re
from typing import Any

from .._http import HTTPError, Req, Resp, json_resp, paginate_page, wildcard_match
from ._common import get_org
from .test_engine_suites import get_suite

Record = dict[str, Any]

ANALYTICS = "/v2/analytics/organizations/{org}"
SUITE = ANALYTICS + "/suites/{suite}"
TESTS = SUITE + "/tests"
TEST = TESTS + "/{test}"
BUILD_TESTS = ANALYTICS + "/builds/{build}/tests"

METRICS_VERSION = "2026-08-01"
METRIC_FIELDS = (
    "reliability", "duration_avg", "duration_sum", "duration_min", "duration_max",
    "executions_count", "executions_count_by_result",
)  # fmt: skip
STATES = ("enabled", "muted", "skipped")
SORTS = ("duration_avg", "duration_sum", "duration_min", "duration_max", "reliability")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def wants_metrics(req: Req) -> bool:
    """Whether the request's ``Buildkite-Version`` asks for metrics (400 when malformed)."""
    value = req.headers.get("buildkite-version", "").strip()
    if not value:
        return False
    if not _DATE.match(value):
        raise HTTPError(400, "Buildkite-Version must be in format YYYY-MM-DD")
    return value >= METRICS_VERSION


def render(rec: Record, metrics: bool) -> Record:
    out = {k: v for k, v in rec.items() if not k.startswith("_")}
    out.setdefault("labels", [])
    out.setdefault("state", "enabled")
    if not metrics:
        for name in METRIC_FIELDS:
            out.pop(name, None)
    return out


def _suite_path(req: Req) -> str:
    return get_suite(req)[0]


def _tests(req: Req) -> dict[str, Record]:
    return req.store.generic.setdefault(_suite_path(req) + "/tests", {})


def _test(req: Req) -> Record:
    rec = _tests(req).get(req.params["test"])
    if rec is None:
        raise HTTPError(404, "No test found")
    return rec


def _window(req: Req, metrics: bool) -> None:
    q = req.query
    if q.get("period"):
        if not metrics:
            raise HTTPError(400, f"period requires Buildkite-Version {METRICS_VERSION} or later")
        if q.get("min_timestamp") or q.get("max_timestamp"):
            raise HTTPError(400, "period cannot be combined with min_timestamp or max_timestamp")
    q.datetime("min_timestamp")
    q.datetime("max_timestamp")


def _label_filter(spec: str, labels: list[str]) -> bool:
    for term in (t for t in spec.split(",") if t):
        if term.startswith("!"):
            if term[1:] in labels:
                return False
        elif term not in labels:
            return False
    return True


def _branch_filter(spec: str, branch: str) -> bool:
    if spec.startswith("!"):
        return not wildcard_match(spec[1:], branch)
    return wildcard_match(spec, branch)


def _filtered(req: Req, items: list[Record]) -> list[Record]:
    q = req.query
    state = q.get("state")
    if state and state not in STATES:
        raise HTTPError(400, f"state must be one of {', '.join(STATES)}")
    sort_by = q.get("sort_by") or "duration_avg"
    order = q.get("order") or "desc"
    if sort_by not in SORTS or order not in ("asc", "desc"):
        raise HTTPError(400, "Invalid sort_by or order")
    out = []
    for rec in items:
        labels = rec.get("labels") or []
        if q.get("label") and q.get("label") not in labels:
            continue
        if q.get("labels") and not _label_filter(q.get("labels") or "", labels):
            continue
        if state and rec.get("state", "enabled") != state:
            continue
        if q.get("branch") and not _branch_filter(q.get("branch") or "", rec.get("branch", "")):
            continue
        out.append(rec)
    out.sort(key=lambda r: r.get(sort_by) or 0, reverse=order == "desc")
    return out


def list_tests(req: Req) -> Resp:
    metrics = wants_metrics(req)
    _window(req, metrics)
    items = _filtered(req, list(_tests(req).values()))
    return paginate_page(req, items, render=lambda r: render(r, metrics))


def get_test(req: Req) -> Resp:
    metrics = wants_metrics(req)
    _window(req, metrics)
    return json_resp(render(_test(req), metrics))


def find_test(req: Req) -> Resp:
    data = req.data()
    scope, name = data.get("scope"), data.get("name")
    if not isinstance(scope, str) or not isinstance(name, str):
        raise HTTPError(422, "Validation failed: scope and name are required")
    for rec in _tests(req).values():
        if rec.get("scope") == scope and rec.get("name") == name:
            return json_resp(render(rec, False))
    raise HTTPError(404, "No test found")


def update_labels(req: Req) -> Resp:
    rec = _test(req)
    data = req.data()
    labels = data.get("labels")
    if data.get("operator") not in ("add", "remove"):
        raise HTTPError(422, "Validation failed: operator must be add or remove")
    if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
        raise HTTPError(422, "Validation failed: labels must be an array of strings")
    current = list(rec.get("labels") or [])
    if data["operator"] == "add":
        current += [x for x in labels if x not in current]
    else:
        current = [x for x in current if x not in labels]
    rec["labels"] = current
    return json_resp(render(rec, False))


def _set_state(state: str) -> Any:
    def handle(req: Req) -> Resp:
        rec = _test(req)
        rec["state"] = state
        return json_resp(render(rec, False))

    handle.__name__ = f"set_{state}"
    return handle


def _in_state(state: str) -> Any:
    def handle(req: Req) -> Resp:
        items = [r for r in _tests(req).values() if r.get("state") == state]
        return paginate_page(req, items, render=lambda r: render(r, False))

    handle.__name__ = f"list_{state}"
    return handle


def build_tests(req: Req) -> Resp:
    metrics = wants_metrics(req)
    org = get_org(req)
    items = req.store.generic.get(
        f"/v2/analytics/organizations/{org.slug}/builds/{req.params['build']}/tests", {}
    )
    return paginate_page(
        req, _filtered(req, list(items.values())), render=lambda r: render(r, metrics)
    )


ROUTES = [
    ("GET", TESTS, list_tests),
    ("GET", TESTS + "/muted", _in_state("muted")),
    ("GET", TESTS + "/skipped", _in_state("skipped")),
    # The docs' curl example lists skipped tests with PUT.
    ("PUT", TESTS + "/skipped", _in_state("skipped"), ("read_suites",)),
    ("POST", TESTS + "/find", find_test),
    ("GET", TEST, get_test),
    ("PATCH", TEST + "/labels", update_labels),
    ("PUT", TEST + "/skip", _set_state("skipped")),
    ("PUT", TEST + "/mute", _set_state("muted")),
    ("PUT", TEST + "/enable", _set_state("enabled")),
    ("GET", BUILD_TESTS, build_tests),
]
