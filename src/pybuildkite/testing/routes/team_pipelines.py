"""Team pipelines, keyed by pipeline id, with Buildkite's three access levels."""

from __future__ import annotations

from typing import Any

from .._http import HTTPError, Req
from .._render import pipeline_url
from .._state import Team
from .clusters import Record
from .team_members import access_routes

LEVELS = ("read_only", "build_and_read", "manage_build_and_read")


def _level(data: dict[str, Any]) -> str:
    level = data.get("access_level")
    if level not in LEVELS:
        raise HTTPError(422, "Validation failed: Access level is not included in the list")
    return str(level)


def _build(req: Req, team: Team, data: dict[str, Any]) -> tuple[str, Record]:
    ident = data.get("pipeline_id")
    found = [p for p in team.org.pipelines.values() if p.id == ident]
    if not found:
        raise HTTPError(422, "Validation failed: Pipeline not found")
    p = found[0]
    return p.id, {"pipeline_id": p.id, "pipeline_url": pipeline_url(req.store, p),
                  "access_level": _level(data)}  # fmt: skip


def _change(req: Req, rec: Record, data: dict[str, Any]) -> None:
    rec["access_level"] = _level(data)


ROUTES = access_routes("/pipelines", _build, _change, "Pipeline")
