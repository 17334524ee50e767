"""Package registries: list, get, update and delete (``routes/packages.py`` creates them).

Registries live in the generic store under ``/v2/packages/organizations/<org>/registries``,
keyed by slug, next to their packages and tokens.  Updates take ``name``, ``description``,
``oidc_policy`` (the whole policy, re-sent), ``emoji`` and ``color``, through ``POST`` as
Buildkite documents or ``PATCH`` as go-buildkite sends; the slug stays as it was created.
Deleting a registry deletes its packages and tokens.  Every call answers 200.
"""

from __future__ import annotations

from typing import Any

from .._http import HTTPError, Req, Resp, json_resp
from ._common import check_types
from .packages import REGISTRIES, REGISTRY, _registries_path, _registry

Record = dict[str, Any]

FIELDS: dict[str, tuple[type, ...]] = {
    "name": (str,),
    "description": (str,),
    "oidc_policy": (str, list),
    "emoji": (str,),
    "color": (str,),
}


def list_registries(req: Req) -> Resp:
    return json_resp(list(req.store.generic.get(_registries_path(req), {}).values()))


def get_one(req: Req) -> Resp:
    return json_resp(_registry(req)[1])


def update(req: Req) -> Resp:
    _, rec = _registry(req)
    data = req.data()
    check_types(data, FIELDS)
    if "name" in data and not (isinstance(data["name"], str) and data["name"].strip()):
        raise HTTPError(422, "Validation failed: Name can't be blank")
    for key in FIELDS:
        if key in data:
            rec[key] = data[key]
    return json_resp(rec)


def delete(req: Req) -> Resp:
    path, _ = _registry(req)
    del req.store.generic[_registries_path(req)][req.params["registry"]]
    for key in [k for k in req.store.generic if k.startswith(path + "/")]:
        del req.store.generic[key]
    return json_resp({})


ROUTES = [
    ("GET", REGISTRIES, list_registries),
    ("GET", REGISTRY, get_one),
    ("POST", REGISTRY, update),
    ("PATCH", REGISTRY, update),
    ("DELETE", REGISTRY, delete),
]
