"""A local, stateful emulator of Buildkite's REST API v2.

::

    from pybuildkite.testing import Emulator

    with Emulator() as emu:
        emu.add_pipeline(name="Web", configuration="steps:\\n  - command: make test\\n")
        # point any HTTP client at emu.url with "Authorization: Bearer <emu.token>"

It serves real HTTP on 127.0.0.1 (plus a second origin for artifact
downloads), keeps state in memory, runs builds with simulated agents, answers
GraphQL at ``emu.graphql_url`` with complexity budgets, delivers webhooks to
notification services, and can inject faults and enforce rate limits.  See
:class:`Emulator` for the API, ``pybuildkite.testing.pytest_plugin`` for the
pytest fixtures and ``docs/emulator.md`` for an overview.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._config import Faults, GraphQLLimits, RateLimits
    from ._emulator import Emulator, serve

__all__ = ["Emulator", "Faults", "GraphQLLimits", "RateLimits", "serve"]


def __getattr__(name: str) -> Any:
    # Imported lazily so that ``import pybuildkite.testing`` stays cheap and the
    # server dependencies are only needed once an emulator is actually used.
    if name in ("Emulator", "serve"):
        from . import _emulator

        return getattr(_emulator, name)
    if name in ("Faults", "GraphQLLimits", "RateLimits"):
        from . import _config

        return getattr(_config, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
