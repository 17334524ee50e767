"""Pipeline templates: list, get, create, update, delete, keyed by ``uuid``.

``name`` and ``configuration`` are required on create (422 ``Validation failed: ...``) and
may not be blanked by an update; ``available`` defaults to false.  Updates stamp
``updated_at``/``updated_by``.  A template assigned to a pipeline (its
``pipeline_template_uuid``) cannot be deleted (422).
"""

from __future__ import annotations

from typing import Any

from .. import _render
from .._http import HTTPError, Req, Resp, empty, json_resp, paginate_page
from .._state import graphql_id, iso
from ._common import ORG, check_types, get_org
from .clusters import get_record

Record = dict[str, Any]

TEMPLATES = ORG + "/pipeline-templates"
TEMPLATE = TEMPLATES + "/{uuid}"
FIELDS: dict[str, tuple[type, ...]] = {
    "name": (str,),
    "description": (str,),
    "configuration": (str,),
    "available": (bool,),
}


def _path(req: Req) -> str:
    return f"/v2/organizations/{get_org(req).slug}/pipeline-templates"


def _template(req: Req) -> Record:
    return get_record(req, _path(req), req.params.get("uuid", ""), "No pipeline template found")


def _validate(data: dict[str, Any], creating: bool) -> None:
    check_types(data, FIELDS)
    for key in ("name", "configuration"):
        if (creating or key in data) and not (isinstance(data.get(key), str) and data[key].strip()):
            raise HTTPError(422, f"Validation failed: {key.capitalize()} can't be blank")


def list_templates(req: Req) -> Resp:
    return paginate_page(req, list(req.store.generic.get(_path(req), {}).values()))


def get_one(req: Req) -> Resp:
    return json_resp(_template(req))


def create(req: Req) -> Resp:
    data = req.data()
    _validate(data, True)
    org = get_org(req)
    base = _path(req)
    ident = req.store.new_id()
    now = iso(req.store.clock.now())
    who = _render.user(req.user)
    rec: Record = {
        "uuid": ident, "graphql_id": graphql_id("PipelineTemplate", ident),
        "name": data["name"], "description": data.get("description"),
        "configuration": data["configuration"], "available": data.get("available") is True,
        "url": f"{req.base_url}{base}/{ident}",
        "web_url": f"{_render.WEB}/organizations/{org.slug}/pipeline-templates/{ident}",
        "created_at": now, "created_by": who, "updated_at": now, "updated_by": who,
    }  # fmt: skip
    req.store.generic.setdefault(base, {})[ident] = rec
    req.store.create_counts["pipeline_templates"] += 1
    return json_resp(rec, 201)


def update(req: Req) -> Resp:
    rec = _template(req)
    data = req.data()
    _validate(data, False)
    for key in FIELDS:
        if key in data:
            rec[key] = data[key]
    rec["updated_at"] = iso(req.store.clock.now())
    rec["updated_by"] = _render.user(req.user)
    return json_resp(rec)


def delete(req: Req) -> Resp:
    _template(req)
    ident = req.params["uuid"]
    org = get_org(req)
    if any(p.settings.get("pipeline_template_uuid") == ident for p in org.pipelines.values()):
        raise HTTPError(422, "Validation failed: Template is assigned to pipelines")
    del req.store.generic[_path(req)][ident]
    return empty(204)


ROUTES = [
    ("GET", TEMPLATES, list_templates),
    ("POST", TEMPLATES, create),
    ("GET", TEMPLATE, get_one),
    ("PATCH", TEMPLATE, update),
    ("DELETE", TEMPLATE, delete),
]
