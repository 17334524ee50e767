"""The request client and the pagination ``Response`` of the pybuildkite 1.x API.

Implemented in ``pybuildkite._legacy.client``.
"""

from __future__ import annotations

from ._legacy.client import (
    Client,
    Response,
)

__all__ = ["Client", "Response"]
