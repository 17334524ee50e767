"""Agent operations of the pybuildkite 1.x API.

Implemented in ``pybuildkite._legacy.agents``.
"""

from __future__ import annotations

from ._legacy.agents import Agents
from ._legacy.client import Client

__all__ = ["Agents", "Client"]
