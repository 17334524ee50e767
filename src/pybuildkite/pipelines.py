"""Pipeline operations of the pybuildkite 1.x API.

Implemented in ``pybuildkite._legacy.pipelines``.
"""

from __future__ import annotations

from ._legacy.client import Client
from ._legacy.pipelines import (
    PipelineException,
    Pipelines,
)

__all__ = ["Client", "PipelineException", "Pipelines"]
