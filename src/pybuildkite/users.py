"""User operations of the pybuildkite 1.x API.

Implemented in ``pybuildkite._legacy.users``.
"""

from __future__ import annotations

from ._legacy.client import Client
from ._legacy.users import Users

__all__ = ["Client", "Users"]
