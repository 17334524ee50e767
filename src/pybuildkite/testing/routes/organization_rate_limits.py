"""The organization's REST rate-limit window as the emulator is counting it."""

from __future__ import annotations

from datetime import timedelta

from .._http import Req, Resp, json_resp
from .._state import iso
from ._common import ORG, get_org


def rate_limit(req: Req) -> Resp:
    org = get_org(req)
    limiter = req.store.hooks["limiter"]
    limit, current, reset = limiter.snapshot(org.slug)
    now = req.store.clock.now()
    reset_int = round(reset)
    return json_resp(
        {
            "scopes": {
                "rest": {
                    "limit": limit,
                    "current": current,
                    "reset": reset_int,
                    "reset_at": iso(now + timedelta(seconds=reset))[:19] + "Z",  # type: ignore[index]
                    "enforced": True,
                },
                "graphql": {
                    "limit": 20000,
                    "current": 0,
                    "reset": 300,
                    "reset_at": iso(now + timedelta(seconds=300))[:19] + "Z",  # type: ignore[index]
                    "enforced": True,
                },
            }
        }
    )


ROUTES = [("GET", ORG + "/rate_limit", rate_limit)]
