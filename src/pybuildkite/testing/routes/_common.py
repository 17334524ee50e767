"""Lookups shared by the route modules (404s use Buildkite's messages)."""

from __future__ import annotations

from typing import Any

from .._http import HTTPError, Req, validation_failed
from .._state import Build, Job, Organization, Pipeline

ORG = "/v2/organizations/{org}"
PIPELINE = ORG + "/pipelines/{pipeline}"
BUILD = PIPELINE + "/builds/{number}"
BUILD_JOB = BUILD + "/jobs/{job}"
ORG_JOB = ORG + "/jobs/{job}"


def get_org(req: Req) -> Organization:
    org = req.store.orgs.get(req.params.get("org", ""))
    if org is None or (req.user is not None and req.user.id not in org.member_ids):
        raise HTTPError(404, "No organization found")
    return org


def get_pipeline(req: Req) -> Pipeline:
    org = get_org(req)
    p = org.pipelines.get(req.params.get("pipeline", ""))
    if p is None:
        raise HTTPError(404, "No pipeline found")
    return p


def get_build(req: Req) -> Build:
    p = get_pipeline(req)
    b = req.store.build(p.org.slug, p.slug, req.params.get("number", ""))
    if b is None:
        raise HTTPError(404, "No build found")
    return b


def get_job(req: Req) -> Job:
    """A job by id, either under its build's path or directly under the organization."""
    job_id = req.params.get("job", "")
    if "number" in req.params:
        b = get_build(req)
        j = req.store.jobs.get(job_id)
        if j is None or j.build is not b:
            raise HTTPError(404, "No job found")
        return j
    org = get_org(req)
    j = req.store.jobs.get(job_id)
    if j is None or j.build.pipeline.org is not org:
        raise HTTPError(404, "No job found")
    return j


def both_job_routes(suffix: str) -> list[str]:
    return [BUILD_JOB + suffix, ORG_JOB + suffix]


def check_types(data: dict[str, Any], types: dict[str, tuple[type, ...]]) -> None:
    """422 for unknown fields and fields of the wrong JSON type (``None`` allowed)."""
    errors: list[tuple[str, str]] = []
    for key, value in data.items():
        if key not in types:
            errors.append((key, "is not a recognised parameter"))
            continue
        allowed = types[key]
        if value is None:
            continue
        if (isinstance(value, bool) and bool not in allowed) or not isinstance(value, allowed):
            errors.append((key, "is invalid"))
    if errors:
        raise validation_failed(*errors)


def is_admin(req: Req) -> bool:
    return req.user is not None
