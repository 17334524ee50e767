"""Step uploads of a build (cursor-paginated, oldest first; go-buildkite only).

``filter[source_job_id]=<job uuid>`` keeps the uploads made by one job.  The listing leaves
out the fields Buildkite only shows for a single upload (``created_job_uuids`` and the
``definition_*`` details).  Seed uploads with ``Emulator.add_step_upload``.
"""

from __future__ import annotations

from typing import Any

from .._http import HTTPError, Req, Resp, json_resp, paginate_cursor
from ._common import BUILD, get_build

SINGLE_ONLY = frozenset(
    {"created_job_uuids", "definition_bytes", "definition_yaml", "definition_yaml_omitted"}
)


def _listed(upload: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in upload.items() if k not in SINGLE_ONLY}


def list_uploads(req: Req) -> Resp:
    b = get_build(req)
    uploads = b.step_uploads
    source = req.query.hash("filter").get("source_job_id")
    if source:
        uploads = [u for u in uploads if u.get("source_job_id") == source]
    return paginate_cursor(req, uploads, key=lambda u: str(u["uuid"]), render=_listed)


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
