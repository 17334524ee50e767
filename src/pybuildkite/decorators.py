"""``requires_token`` of the pybuildkite 1.x API.

Implemented in ``pybuildkite._legacy.decorators``.
"""

from __future__ import annotations

from ._legacy.decorators import requires_token
from ._legacy.exceptions import NoAcccessTokenException

__all__ = ["NoAcccessTokenException", "requires_token"]
