"""Access-token operations of the pybuildkite 1.x API.

Implemented in ``pybuildkite._legacy.access_tokens``.
"""

from __future__ import annotations

from ._legacy.access_tokens import AccessTokens
from ._legacy.client import Client

__all__ = ["AccessTokens", "Client"]
