"""Fixtures for the emulator's own tests: plain httpx against the running server."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from pybuildkite.testing import Emulator


@pytest.fixture
def emu(buildkite_emulator: Emulator) -> Emulator:
    return buildkite_emulator


@pytest.fixture
def api(emu: Emulator) -> Iterator[httpx.Client]:
    with httpx.Client(
        base_url=emu.url, headers={"Authorization": f"Bearer {emu.token}"}, timeout=10
    ) as client:
        yield client


@pytest.fixture
def anon(emu: Emulator) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=emu.url, timeout=10) as client:
        yield client


#: Test Engine suites of the emulator's default organization.
SUITES = "/v2/analytics/organizations/acme/suites"

PIPELINE_YAML = """\
steps:
  - label: build
    key: build
    command: make build
    artifact_paths: "dist/*.tar.gz"
  - label: test
    key: test
    command:
      - make test
      - 'buildkite-agent annotate "Tests **ok**" --style success --context tests'
  - wait
  - block: Release?
    key: gate
  - label: deploy
    key: deploy
    command: ./deploy.sh
"""

FAILING_YAML = """\
steps:
  - label: unit
    key: unit
    command: make unit
  - label: lint
    key: lint
    command: make lint; exit 1
  - wait
  - label: after
    command: echo never
"""
