"""Organization operations of the pybuildkite 1.x API.

Implemented in ``pybuildkite._legacy.organizations``.
"""

from __future__ import annotations

from ._legacy.client import Client
from ._legacy.organizations import Organizations

__all__ = ["Client", "Organizations"]
