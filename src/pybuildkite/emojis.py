"""Emoji operations of the pybuildkite 1.x API.

Implemented in ``pybuildkite._legacy.emojis``.
"""

from __future__ import annotations

from ._legacy.client import Client
from ._legacy.emojis import Emojis

__all__ = ["Client", "Emojis"]
