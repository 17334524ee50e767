"""Test Engine runs of a suite: list (newest first, ``build_id`` filter), get, failed executions.

Runs live in the generic store under the suite's ``/runs`` collection and their failed
executions under ``/runs/<id>/failed_executions``; ``emu.add_test_run(org, suite, ...)``
seeds both (``emu.seed_resource`` works too).  A run's ``state`` is ``running`` or
``finished`` and its ``result`` ``pending``, ``passed``, ``failed`` or ``stale``.  Failed
executions carry the run's branch, commit and links; ``failure_expanded`` (backtraces and
expanded output) is only included with ``include_failure_expanded=true``.
"""

from __future__ import annotations

from typing import Any

from .._http import Req, Resp, json_resp, paginate_page
from .._state import Store, iso
from .clusters import get_record
from .test_engine_suites import SUITE, get_suite, web_url

Record = dict[str, Any]

RUNS = SUITE + "/runs"
RUN = RUNS + "/{run}"
STATES = ("running", "finished")
RESULTS = ("pending", "passed", "failed", "stale")
# The generic store's bookkeeping fields, which a failed execution does not carry.
_STORE_FIELDS = ("id", "graphql_id", "url")


def add_run(
    store: Store,
    suite_path: str,
    *,
    branch: str,
    commit_sha: str,
    build_id: str | None,
    state: str,
    result: str | None,
    failed_executions: list[dict[str, Any]],
) -> str:
    """Store a run and its failed executions; answer the run's id (the seeding helper's core)."""
    if state not in STATES:
        raise ValueError(f"state must be one of {', '.join(STATES)}")
    if result is None:
        result = "pending" if state == "running" else ("failed" if failed_executions else "passed")
    if result not in RESULTS:
        raise ValueError(f"result must be one of {', '.join(RESULTS)}")
    ident = store.new_id()
    url = f"{store.base_url}{suite_path}/runs/{ident}"
    run = {
        "id": ident, "branch": branch, "commit_sha": commit_sha, "state": state,
        "result": result, "url": url, "web_url": web_url(url), "build_id": build_id,
        "created_at": iso(store.clock.now()),
    }  # fmt: skip
    store.generic.setdefault(suite_path + "/runs", {})[ident] = run
    failures = store.generic.setdefault(f"{suite_path}/runs/{ident}/failed_executions", {})
    for item in failed_executions:
        execution_id = str(item.get("execution_id") or store.new_id())
        failures[execution_id] = {**item, "execution_id": execution_id}
    return ident


def _render_run(req: Req, suite_path: str, key: str, rec: Record) -> Record:
    url = rec.get("url") or f"{req.base_url}{suite_path}/runs/{key}"
    out: Record = {
        "id": key, "branch": None, "commit_sha": None, "state": "finished", "result": "passed",
        "url": url, "web_url": web_url(url), "build_id": None, "created_at": None,
    }  # fmt: skip
    out.update({k: v for k, v in rec.items() if not k.startswith("_") and k != "graphql_id"})
    return out


def _run(req: Req) -> tuple[str, Record]:
    suite_path, _ = get_suite(req)
    key = req.params.get("run", "")
    rec = get_record(req, suite_path + "/runs", key, "No run found")
    return suite_path, _render_run(req, suite_path, key, rec)


def list_runs(req: Req) -> Resp:
    suite_path, _ = get_suite(req)
    build_id = req.query.get("build_id")
    runs = list(req.store.generic.get(suite_path + "/runs", {}).items())[::-1]
    if build_id:
        runs = [(k, r) for k, r in runs if r.get("build_id") == build_id]
    # Only the page asked for is rendered.
    return paginate_page(req, runs, render=lambda kr: _render_run(req, suite_path, *kr))


def get_one(req: Req) -> Resp:
    return json_resp(_run(req)[1])


def failed_executions(req: Req) -> Resp:
    suite_path, run = _run(req)
    expanded = req.query.bool("include_failure_expanded")
    items = req.store.generic.get(f"{suite_path}/runs/{run['id']}/failed_executions", {})
    tests_url = f"{req.base_url}{suite_path}/tests"

    def render(key_rec: tuple[str, Record]) -> Record:
        key, rec = key_rec
        fields = {k: v for k, v in rec.items() if k not in _STORE_FIELDS}
        execution_id = str(fields.get("execution_id") or key)
        test_id = fields.get("test_id")
        test_url = f"{tests_url}/{test_id}" if test_id else None
        out: Record = {
            "execution_id": execution_id, "run_id": run["id"], "test_id": test_id,
            "run_name": run.get("branch"), "commit_sha": run.get("commit_sha"),
            "created_at": run.get("created_at"), "branch": run.get("branch"),
            "failure_reason": None, "duration": None, "location": None, "test_name": None,
            "run_url": run["web_url"], "test_url": web_url(test_url) if test_url else None,
            "test_execution_url": (
                f"{web_url(test_url)}?execution_id={execution_id}" if test_url else None
            ),
            "tags": {},
        }  # fmt: skip
        out.update(fields)
        out["execution_id"] = execution_id
        if expanded:
            out.setdefault("failure_expanded", [])
        else:
            out.pop("failure_expanded", None)
        return out

    return paginate_page(req, list(items.items()), render=render)


ROUTES = [
    ("GET", RUNS, list_runs),
    ("GET", RUN, get_one),
    ("GET", RUN + "/failed_executions", failed_executions),
]
