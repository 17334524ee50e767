"""Meta information of the pybuildkite 1.x API.

Implemented in ``pybuildkite._legacy.meta``.
"""

from __future__ import annotations

from ._legacy.client import Client
from ._legacy.meta import Meta

__all__ = ["Client", "Meta"]
