"""Team operations of the pybuildkite 1.x API.

Implemented in ``pybuildkite._legacy.teams``.
"""

from __future__ import annotations

from ._legacy.client import Client
from ._legacy.teams import Teams

__all__ = ["Client", "Teams"]
