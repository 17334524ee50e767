"""The calling token: inspect and revoke."""

from __future__ import annotations

from .._http import Req, Resp, empty, json_resp
from .._state import utc_text


def get_token(req: Req) -> Resp:
    tok, user = req.token, req.user
    assert tok is not None and user is not None
    return json_resp(
        {
            "uuid": tok.uuid,
            "scopes": list(tok.scopes),
            "description": tok.description,
            "created_at": utc_text(tok.created_at),
            "expires_at": utc_text(tok.expires_at),
            "user": {"name": user.name, "email": user.email},
        }
    )


def revoke(req: Req) -> Resp:
    assert req.token is not None
    req.token.revoked = True
    return empty(204)


ROUTES = [
    ("GET", "/v2/access-token", get_token),
    ("DELETE", "/v2/access-token", revoke),
]
