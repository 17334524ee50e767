"""Job operations and ``LogFormat`` of the pybuildkite 1.x API.

Implemented in ``pybuildkite._legacy.jobs``.
"""

from __future__ import annotations

from ._legacy.client import Client
from ._legacy.jobs import (
    Jobs,
    LogFormat,
)

__all__ = ["Client", "Jobs", "LogFormat"]
