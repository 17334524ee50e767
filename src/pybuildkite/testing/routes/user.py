"""The token's user."""

from __future__ import annotations

from .. import _render
from .._http import Req, Resp, json_resp


def get_user(req: Req) -> Resp:
    return json_resp(_render.user(req.user))


ROUTES = [("GET", "/v2/user", get_user)]
