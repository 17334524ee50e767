"""Every documented REST operation has a method on both clients and a route in the emulator.

Reads ../shared/api/rest_endpoints.json (the coverage target) and names each gap.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

import pybuildkite

CATALOG = Path(__file__).resolve().parents[2] / "shared" / "api" / "rest_endpoints.json"
ROUTE_LINE = re.compile(r"^\s*(GET|HEAD|POST|PUT|PATCH|DELETE) (/\S*)\s*$", re.MULTILINE)


def _catalog() -> list[dict[str, Any]]:
    if not CATALOG.exists():
        pytest.skip(f"endpoint catalog not found at {CATALOG}")
    entries: list[dict[str, Any]] = json.loads(CATALOG.read_text())
    return [e for e in entries if e.get("api") != "agent"]


def _operations() -> set[tuple[str, str]]:
    return {(e["method"], e["path"]) for e in _catalog()}


def _documented_routes(client: Any) -> dict[tuple[str, str], list[str]]:
    """(METHOD, path) -> the resource methods whose docstring names that route."""
    found: dict[tuple[str, str], list[str]] = {}
    names = [n for n, v in vars(type(client)).items() if type(v).__name__ == "_Lazy"]
    for name in names:
        resource = getattr(client, name)
        for attr in dir(resource):
            if attr.startswith("_"):
                continue
            method = getattr(resource, attr)
            if not callable(method):
                continue
            for verb, route in ROUTE_LINE.findall(method.__doc__ or ""):
                found.setdefault((verb, route), []).append(f"{name}.{attr}")
    return found


def test_catalog_has_the_expected_size() -> None:
    # 215 (method, path) routes; build-scoped and organization-scoped job routes are one
    # operation each, which makes 200 distinct operations.
    entries = _catalog()
    assert len(_operations()) == 215
    assert len({(e["group"], e["name"], e["method"]) for e in entries}) == 200


@pytest.mark.parametrize("client_cls", [pybuildkite.Client, pybuildkite.AsyncClient])
def test_every_operation_has_a_client_method(client_cls: type) -> None:
    client = client_cls(token="coverage")
    documented = _documented_routes(client)
    gaps = sorted(op for op in _operations() if op not in documented)
    assert not gaps, (
        f"{len(gaps)} operations without a {client_cls.__name__} method:\n"
        + "\n".join(f"  {m} {p}" for m, p in gaps)
    )


def _sample_path(template: str) -> str:
    """A concrete path for a catalog template: every ``{placeholder}`` becomes a sample value."""
    return re.sub(r"\{[^}]+\}", "sample-1", template)


def test_every_operation_has_an_emulator_route() -> None:
    from pybuildkite.testing import routes
    from pybuildkite.testing._app import Router

    router = Router(routes.tiers())
    gaps = []
    for method, template in sorted(_operations()):
        endpoint, _params, _other = router.match(method, _sample_path(template))
        if endpoint is None:
            gaps.append((method, template))
    assert not gaps, f"{len(gaps)} operations without an emulator route:\n" + "\n".join(
        f"  {m} {p}" for m, p in gaps
    )


def test_emulator_accepts_the_verbs_other_clients_use() -> None:
    """Where go-buildkite uses another verb than the docs (SEMANTICS §16), both are served."""
    from pybuildkite.testing import routes
    from pybuildkite.testing._app import Router

    router = Router(routes.tiers())
    variants = [
        (e["go_buildkite_method"], e["path"]) for e in _catalog() if "go_buildkite_method" in e
    ]
    assert len(variants) == 5
    for method, template in variants:
        endpoint, _params, _other = router.match(method, _sample_path(template))
        assert endpoint is not None, (method, template)
    # go-buildkite's singular team-suite path
    assert router.match("POST", "/v2/organizations/o/teams/t/suite")[0] is not None
