"""A local, stateful emulator of Buildkite's REST API v2.

::

    from pybuildkite.testing import Emulator

    with Emulator() as emu:
        emu.add_pipeline(name="Web", configuration="steps:\\n  - command: make test\\n")
        # point any HTTP client at emu.url with "Authorization: Bearer <emu.token>"

It serves real HTTP on 127.0.0.1 (plus a second origin for artifact
downloads), keeps state in memory, runs builds with simulated agents, and can
inject faults and enforce rate limits.  See :class:`Emulator` for the API and
``pybuildkite.testing.pytest_plugin`` for the pytest fixtures.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._config import Faults, RateLimits
    from ._emulator import Emulator, serve

__all__ = ["Emulator", "Faults", "RateLimits", "serve"]


def __getattr__(name: str) -> Any:
    # Imported lazily so that ``import pybuildkite.testing`` stays cheap and the
    # server dependencies are only needed once an emulator is actually used.
    if name in ("Emulator", "serve"):
        from . import _emulator

        return getattr(_emulator, name)
    if name in ("Faults", "RateLimits"):
        from . import _config

        return getattr(_config, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
