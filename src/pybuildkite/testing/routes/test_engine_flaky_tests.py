"""The deprecated flaky-tests listing of a suite, in its old ``flaky_test`` shape.

It shows the suite's tests labelled ``flaky`` (what ``GET .../tests?label=flaky`` lists
today), followed by any records seeded straight into the suite's ``/flaky-tests``
collection.  A test's ``instances`` and the occurrence times come from its own fields when
it has them (``instances``, ``latest_occurrence_at``...), else from its execution counts.
``search`` matches name, scope or location (ignoring case), ``branch`` a test's ``branch``,
and ``period`` must be one of the documented windows (400 otherwise).
"""

from __future__ import annotations

from typing import Any

from .._http import HTTPError, Req, Resp, paginate_page
from .test_engine_suites import SUITE, get_suite, web_url

Record = dict[str, Any]

FLAKY_TESTS = SUITE + "/flaky-tests"
PERIODS = ("1hour", "4hours", "1day", "7days", "14days", "28days")
FIELDS = (
    "id", "web_url", "scope", "name", "location", "file_name", "instances",
    "latest_occurrence_at", "most_recent_instance_at", "last_resolved_at", "ownership_team_ids",
)  # fmt: skip


def _shape(key: str, rec: Record, web_base: str) -> Record:
    out: Record = {name: rec.get(name) for name in FIELDS}
    out["id"] = rec.get("id") or key
    out["web_url"] = rec.get("web_url") or f"{web_base}/{out['id']}"
    if out["instances"] is None:
        failed = (rec.get("executions_count_by_result") or {}).get("failed")
        out["instances"] = failed if isinstance(failed, int) else 1
    latest = rec.get("latest_occurrence_at") or rec.get("most_recent_instance_at")
    latest = latest or rec.get("created_at")
    out["latest_occurrence_at"] = rec.get("latest_occurrence_at") or latest
    out["most_recent_instance_at"] = rec.get("most_recent_instance_at") or latest
    out["ownership_team_ids"] = list(rec.get("ownership_team_ids") or [])
    return out


def _matches(rec: Record, search: str | None, branch: str | None) -> bool:
    if search:
        needle = search.lower()
        haystack = [str(rec.get(k) or "").lower() for k in ("name", "scope", "location")]
        if not any(needle in h for h in haystack):
            return False
    return not branch or rec.get("branch") in (None, branch)


def list_flaky(req: Req) -> Resp:
    suite_path, _ = get_suite(req)
    period = req.query.get("period")
    if period and period not in PERIODS:
        raise HTTPError(400, f"period must be one of {', '.join(PERIODS)}")
    search, branch = req.query.get("search"), req.query.get("branch")
    web_base = web_url(suite_path + "/tests")
    store = req.store.generic
    labelled = [
        (k, r) for k, r in store.get(suite_path + "/tests", {}).items()
        if "flaky" in (r.get("labels") or [])
    ]  # fmt: skip
    seeded = list(store.get(suite_path + "/flaky-tests", {}).items())
    items = [_shape(k, r, web_base) for k, r in labelled + seeded if _matches(r, search, branch)]
    return paginate_page(req, items)


ROUTES = [("GET", FLAKY_TESTS, list_flaky)]
