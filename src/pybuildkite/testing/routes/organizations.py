"""Organizations the token's user belongs to."""

from __future__ import annotations

from .. import _render
from .._http import Req, Resp, json_resp, paginate_page
from ._common import ORG, get_org


def list_orgs(req: Req) -> Resp:
    uid = req.user.id if req.user else ""
    orgs = [o for o in req.store.orgs.values() if uid in o.member_ids]
    return paginate_page(req, orgs, lambda o: _render.organization(req.store, o))


def get_one(req: Req) -> Resp:
    return json_resp(_render.organization(req.store, get_org(req)))


ROUTES = [
    ("GET", "/v2/organizations", list_orgs),
    ("GET", ORG, get_one),
]
