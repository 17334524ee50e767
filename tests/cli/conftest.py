"""Run the CLI in-process (click's CliRunner) against the emulator from the pytest plugin.

The CLI is configured the way a user would configure it: through the environment.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from click.testing import CliRunner, Result

from pybuildkite.cli import cli

Run = Callable[..., Result]


@pytest.fixture
def emu(buildkite_emulator: Any) -> Any:
    """The demo organization: pipelines web-app, deploy and flaky-tests; build web-app #6 is
    waiting on its block step, flaky-tests #1 failed."""
    buildkite_emulator.seed_demo()
    return buildkite_emulator


def environment(emu: Any) -> dict[str, str]:
    return {
        "BUILDKITE_API_URL": emu.url,
        "BUILDKITE_API_TOKEN": emu.token,
        "BUILDKITE_ORGANIZATION_SLUG": emu.org,
        "BUILDKITE_GRAPHQL_URL": emu.url + "/graphql",
        "COLUMNS": "200",  # wide enough that table cells are never cut
    }


@pytest.fixture
def run(emu: Any) -> Run:
    """``run("builds", "list", env={...})`` -> click Result (stdout and stderr apart)."""

    def invoke(*args: str, env: dict[str, str | None] | None = None, **kw: Any) -> Result:
        merged: dict[str, str | None] = {**environment(emu), **(env or {})}
        return CliRunner().invoke(cli, list(args), env=merged, catch_exceptions=False, **kw)

    return invoke


def as_json(result: Result) -> Any:
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def one_error_line(result: Result, code: int) -> str:
    """An error is exactly one line on stderr, nothing on stdout, and the given exit status."""
    assert result.exit_code == code, (result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert result.stdout == ""
    return lines[0]


def jobs_of(emu: Any, pipeline: str, number: int, job_type: str) -> list[dict[str, Any]]:
    return [j for j in emu.get_build(None, pipeline, number)["jobs"] if j["type"] == job_type]
