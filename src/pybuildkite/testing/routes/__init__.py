"""Route modules, one per API group, each exposing ``ROUTES``.

An entry is ``(method, path, handler)`` or ``(method, path, handler, scopes)``
where ``scopes`` is a tuple of required token scopes (``None`` = no token
needed).  Without it the scopes come from the catalog.

Every module in this package whose name does not start with ``_`` and that
defines ``ROUTES`` is picked up automatically; a module named after a catalog
group (``clusters``, ``cluster_queues``...) takes that group away from
``generic``, which serves every remaining catalog route from a generic store.
Dedicated modules always take precedence over generic routes.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType
from typing import Any

from . import generic

# Core modules first so their routes win any overlap with later additions.
CORE = (
    "meta",
    "access_token",
    "user",
    "organizations",
    "organization_rate_limits",
    "pipelines",
    "pipeline_schedules",
    "builds",
    "step_uploads",
    "jobs",
    "annotations",
    "artifacts",
    "agents",
    "teams",
    "emojis",
    "graphql",
)


def modules() -> list[ModuleType]:
    names = list(CORE)
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if not info.name.startswith("_") and info.name != "generic" and info.name not in names:
            names.append(info.name)
    out = []
    for name in names:
        module = importlib.import_module(f".{name}", __name__)
        if hasattr(module, "ROUTES"):
            out.append(module)
    return out


def tiers() -> list[list[tuple[Any, ...]]]:
    deep: list[tuple[Any, ...]] = []
    covered: set[str] = set()
    for module in modules():
        deep.extend(module.ROUTES)
        covered.add(module.__name__.rsplit(".", 1)[-1])
    return [deep, generic.routes(exclude=covered)]
