"""Team suites, keyed by suite id; ``access_level`` is an array of ``read`` and ``edit``.

go-buildkite creates them at ``.../suite`` (singular); that path is accepted too.
"""

from __future__ import annotations

from typing import Any

from .._http import HTTPError, Req
from .._state import Team
from .clusters import Record
from .team_members import TEAM, access_routes

LEVELS = ("read", "edit")


def _levels(data: dict[str, Any]) -> list[str]:
    levels = data.get("access_level")
    if not isinstance(levels, list) or not levels or any(v not in LEVELS for v in levels):
        raise HTTPError(422, "Validation failed: Access level must be a list of read and edit")
    return list(dict.fromkeys(levels))


def _build(req: Req, team: Team, data: dict[str, Any]) -> tuple[str, Record]:
    ident = data.get("suite_id")
    if not isinstance(ident, str) or not ident:
        raise HTTPError(422, "Validation failed: Suite can't be blank")
    suite_url = f"{req.base_url}/v2/analytics/organizations/{team.org.slug}/suites/{ident}"
    return ident, {"suite_id": ident, "suite_url": suite_url, "access_level": _levels(data)}


def _change(req: Req, rec: Record, data: dict[str, Any]) -> None:
    rec["access_level"] = _levels(data)


ROUTES = access_routes("/suites", _build, _change, "Suite")
ROUTES.append(("POST", TEAM + "/suite", next(r[2] for r in ROUTES if r[0] == "POST")))
