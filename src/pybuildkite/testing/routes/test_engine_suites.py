"""Test Engine suites: list, get, create, update, delete.

Suites live in the generic store under ``/v2/analytics/organizations/<org>/suites``, keyed by
slug, because the tests, runs, flaky-tests and execution-tags modules look their suite up
there.  The slug is derived from the name (``My Suite`` -> ``my-suite``) and a name whose
slug is taken answers 422.  Each suite gets an ``api_token`` (what collectors upload with)
that only appears when ``show_api_token`` is true: a query parameter on get and list, a body
field on create and update.  ``team_ids`` are kept but never rendered, as Buildkite does.
Deleting a suite deletes its tests, runs and everything else under it.
"""

from __future__ import annotations

from typing import Any

from .. import _render
from .._http import HTTPError, Req, Resp, empty, json_resp, paginate_page
from .._state import graphql_id
from ._common import check_types, get_org
from .clusters import get_record, public
from .pipelines import derive_slug

Record = dict[str, Any]

SUITES = "/v2/analytics/organizations/{org}/suites"
SUITE = SUITES + "/{suite}"

FIELDS: dict[str, tuple[type, ...]] = {
    "name": (str,),
    "default_branch": (str,),
    "application_name": (str,),
    "color": (str,),
    "emoji": (str,),
    "show_api_token": (bool,),
    "team_ids": (list,),
    "oidc_policy": (str, list),
}
_EDITABLE = ("name", "default_branch", "application_name", "color", "emoji", "oidc_policy")


def web_url(api_url: str) -> str:
    """The web page of an analytics API URL: ``/organizations/<org>/analytics/...``."""
    path = api_url.split("/v2/analytics/organizations/", 1)[-1]
    org, _, rest = path.partition("/")
    return f"{_render.WEB}/organizations/{org}/analytics/{rest}"


def suites_path(req: Req) -> str:
    return f"/v2/analytics/organizations/{get_org(req).slug}/suites"


def get_suite(req: Req) -> tuple[str, Record]:
    """The suite a request's path names and its path (404 ``No suite found``)."""
    base = suites_path(req)
    rec = get_record(req, base, req.params.get("suite", ""), "No suite found")
    return f"{base}/{req.params['suite']}", rec


def render(rec: Record, show_token: bool) -> Record:
    out = public(rec)
    # Suites seeded straight into the store may lack a token; they never show one.
    if show_token and rec.get("_api_token"):
        out["api_token"] = rec["_api_token"]
    return out


def _validate(data: dict[str, Any], creating: bool) -> None:
    check_types(data, FIELDS if creating else {k: v for k, v in FIELDS.items() if k != "team_ids"})
    for key in ("name", "default_branch"):
        if (creating or key in data) and not (isinstance(data.get(key), str) and data[key].strip()):
            raise HTTPError(422, f"Validation failed: {key.replace('_', ' ').capitalize()} "
                                 "can't be blank")  # fmt: skip
    teams = data.get("team_ids")
    if teams is not None and not all(isinstance(t, str) for t in teams):
        raise HTTPError(422, "Validation failed: team_ids must be an array of team UUIDs")


def list_suites(req: Req) -> Resp:
    show = req.query.bool("show_api_token")
    items = list(req.store.generic.get(suites_path(req), {}).values())
    return paginate_page(req, items, render=lambda r: render(r, show))


def get_one(req: Req) -> Resp:
    return json_resp(render(get_suite(req)[1], req.query.bool("show_api_token")))


def new_suite(store: Any, org: Any, data: dict[str, Any]) -> Record:
    """Add a suite from validated fields (the create route and ``Emulator.add_test_suite``).

    A name whose slug is taken is refused with a 422, as Buildkite does.
    """
    base = f"/v2/analytics/organizations/{org.slug}/suites"
    coll = store.generic.setdefault(base, {})
    slug = derive_slug(data["name"]) or "suite"
    if slug in coll:
        raise HTTPError(422, "Validation failed: Name has already been taken")
    ident = store.new_id()
    rec: Record = {
        "id": ident,
        "graphql_id": graphql_id("Suite", ident),
        "organization_id": org.id,
        "slug": slug,
        "name": data["name"],
        "url": f"{store.base_url}{base}/{slug}",
        "web_url": web_url(f"{base}/{slug}"),
        "default_branch": data["default_branch"],
        "application_name": data.get("application_name"),
        "color": data.get("color"),
        "emoji": data.get("emoji"),
        "oidc_policy": data.get("oidc_policy"),
        "_api_token": store.new_secret(24),
        "_team_ids": list(data.get("team_ids") or []),
    }
    coll[slug] = rec
    return rec


def create(req: Req) -> Resp:
    data = req.data()
    _validate(data, True)
    rec = new_suite(req.store, get_org(req), data)
    req.store.create_counts["test_engine_suites"] += 1
    return json_resp(render(rec, data.get("show_api_token") is True), 201)


def update(req: Req) -> Resp:
    _, rec = get_suite(req)
    data = req.data()
    _validate(data, False)
    for key in _EDITABLE:
        if key in data:
            rec[key] = data[key]
    # The slug (and so the URL) stays put on rename, as Buildkite keeps suite URLs stable.
    return json_resp(render(rec, data.get("show_api_token") is True))


def delete(req: Req) -> Resp:
    path, _ = get_suite(req)
    del req.store.generic[suites_path(req)][req.params["suite"]]
    for key in [k for k in req.store.generic if k.startswith(path + "/")]:
        del req.store.generic[key]
    return empty(204)


ROUTES = [
    ("GET", SUITES, list_suites),
    ("POST", SUITES, create),
    ("GET", SUITE, get_one),
    ("PATCH", SUITE, update),
    ("DELETE", SUITE, delete),
]
