"""Annotation operations of the pybuildkite 1.x API.

Implemented in ``pybuildkite._legacy.annotations``.
"""

from __future__ import annotations

from ._legacy.annotations import Annotations
from ._legacy.client import Client

__all__ = ["Annotations", "Client"]
