"""Step uploads of a build (cursor-paginated; go-buildkite only)."""

from __future__ import annotations

from .._http import HTTPError, Req, Resp, json_resp, paginate_cursor
from ._common import BUILD, get_build


def list_uploads(req: Req) -> Resp:
    b = get_build(req)
    return paginate_cursor(req, b.step_uploads, key=lambda u: str(u["uuid"]))


def get_upload(req: Req) -> Resp:
    b = get_build(req)
    for u in b.step_uploads:
        if u["uuid"] == req.params["id"]:
            return json_resp(u)
    raise HTTPError(404, "Not Found")


ROUTES = [
    ("GET", BUILD + "/step-uploads", list_uploads),
    ("GET", BUILD + "/step-uploads/{id}", get_upload),
]
