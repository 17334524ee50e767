"""The 1.x API against the emulator: a ``Buildkite`` pointed at it, and seeded state."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from pybuildkite.buildkite import Buildkite


@pytest.fixture
def emu(buildkite_emulator: Any) -> Any:
    return buildkite_emulator


@pytest.fixture
def bk(emu: Any) -> Iterator[Buildkite]:
    """A 1.x ``Buildkite`` configured as 1.x users did: ``base_url`` and ``set_access_token``."""
    buildkite = Buildkite()
    buildkite.base_url = emu.url + "/v2/"
    buildkite.set_access_token(emu.token)
    yield buildkite
    buildkite.close()


@pytest.fixture
def env_server(emu: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """``BUILDKITE_API_URL`` pointing at the emulator, for examples that run unchanged."""
    monkeypatch.setenv("BUILDKITE_API_URL", emu.url)
    return emu


@dataclass
class Seeded:
    org: str
    pipeline: str
    build: int
    job: str
    artifact: str
    artifact_content: bytes
    agent: str
    team: str


@pytest.fixture
def seeded(emu: Any) -> Seeded:
    """A pipeline with one finished build (one job with an artifact), an agent and a team."""
    pipeline = emu.add_pipeline(name="Web App")
    number = emu.add_build(emu.org, pipeline, state="passed")
    job = emu.job_ids(emu.org, pipeline, number)[0]
    content = b"\x00artifact bytes\xff" * 5000
    artifact = emu.add_artifact(job, "dist/app.tar.gz", content)
    agent = emu.add_agent(emu.org, "agent-1")
    team = emu.add_team(emu.org, "Platform", members=[emu.user_id])
    emu.clear_requests()
    return Seeded(emu.org, pipeline, number, job, artifact, content, agent, team)


def sent(emu: Any) -> Any:
    """The one request the API received since the last ``clear_requests()``."""
    records = [r for r in emu.requests if not r.path.startswith("/_")]
    assert len(records) == 1, [(r.method, r.path) for r in records]
    return records[0]


def query(record: Any) -> Counter[tuple[str, str]]:
    return Counter(record.query)
