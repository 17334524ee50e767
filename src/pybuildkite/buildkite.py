"""The pybuildkite 1.x entry point: ``from pybuildkite.buildkite import Buildkite, BuildState``.

Implemented in ``pybuildkite._legacy`` on :class:`pybuildkite.Client`; see docs/migrating.md for
the 2.x equivalents.
"""

from __future__ import annotations

from ._legacy.access_tokens import AccessTokens
from ._legacy.agents import Agents
from ._legacy.annotations import Annotations
from ._legacy.artifacts import Artifacts
from ._legacy.buildkite import Buildkite
from ._legacy.builds import Builds, BuildState
from ._legacy.client import Client
from ._legacy.decorators import requires_token
from ._legacy.emojis import Emojis
from ._legacy.jobs import Jobs, LogFormat
from ._legacy.meta import Meta
from ._legacy.organizations import Organizations
from ._legacy.pipelines import Pipelines
from ._legacy.teams import Teams
from ._legacy.users import Users

__all__ = [
    "AccessTokens",
    "Agents",
    "Annotations",
    "Artifacts",
    "BuildState",
    "Buildkite",
    "Builds",
    "Client",
    "Emojis",
    "Jobs",
    "LogFormat",
    "Meta",
    "Organizations",
    "Pipelines",
    "Teams",
    "Users",
    "requires_token",
]
