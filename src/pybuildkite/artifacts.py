"""Artifact operations of the pybuildkite 1.x API.

Implemented in ``pybuildkite._legacy.artifacts``.
"""

from __future__ import annotations

from ._legacy.artifacts import Artifacts
from ._legacy.client import Client

__all__ = ["Artifacts", "Client"]
