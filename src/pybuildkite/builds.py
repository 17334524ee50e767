"""Build operations of the pybuildkite 1.x API.

Implemented in ``pybuildkite._legacy.builds``.
"""

from __future__ import annotations

from ._legacy.builds import (
    BuildQueryParams,
    Builds,
    BuildState,
)
from ._legacy.client import Client
from ._legacy.exceptions import (
    BuildStateNotAList,
    NotValidBuildState,
    NotValidDateTime,
)

__all__ = [
    "BuildQueryParams",
    "BuildState",
    "BuildStateNotAList",
    "Builds",
    "Client",
    "NotValidBuildState",
    "NotValidDateTime",
]
