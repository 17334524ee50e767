"""The pybuildkite 1.3.0 README examples and the quickstart, run unchanged against the emulator.

The only setup is ``BUILDKITE_API_URL`` pointing at the emulator (fixture ``env_server``); slugs
and the token are the emulator's.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from .conftest import Seeded

# The examples are kept verbatim, as users wrote them.
# ruff: noqa: E702
# fmt: off


def test_quickstart(env_server: Any) -> None:
    emu = env_server
    token, org_slug = emu.token, emu.org
    pipeline_slug = emu.add_pipeline(name="My Pipeline")
    running = emu.add_build(org_slug, pipeline_slug)  # scheduled: no agent has run it
    emu.add_build(org_slug, pipeline_slug, state="passed")

    from pybuildkite.buildkite import Buildkite, BuildState

    buildkite = Buildkite(); buildkite.set_access_token(token)
    org = buildkite.organizations().get_org(org_slug)
    builds = buildkite.builds().list_all_for_pipeline(org_slug, pipeline_slug, states=[BuildState.RUNNING, BuildState.SCHEDULED])
    new_build = buildkite.builds().create_build(org_slug, pipeline_slug, 'HEAD', 'main', clean_checkout=True, message="...")

    assert org["slug"] == org_slug
    assert [b["number"] for b in builds] == [running]
    assert new_build["message"] == "..." and new_build["commit"] == "HEAD"


def test_readme_usage(env_server: Any) -> None:
    emu = env_server
    emu.add_organization("my-org", "My Org")
    emu.add_pipeline("my-org", "My Pipeline")
    token = emu.token

    from pybuildkite.buildkite import Buildkite, BuildState

    buildkite = Buildkite()
    buildkite.set_access_token(token)

    # Get all info about particular org
    org = buildkite.organizations().get_org('my-org')

    # Get all running and scheduled builds for a particular pipeline
    builds = buildkite.builds().list_all_for_pipeline('my-org', 'my-pipeline', states=[BuildState.RUNNING, BuildState.SCHEDULED])

    # Create a build
    buildkite.builds().create_build('my-org', 'my-pipeline', 'COMMITSHA', 'master',
    clean_checkout=True, message="My First Build!")

    assert org["name"] == "My Org" and builds == []
    assert emu.create_counts["builds:my-org/my-pipeline"] == 1


def test_readme_per_page(env_server: Any) -> None:
    from pybuildkite.buildkite import Buildkite

    # Default behavior (100 items per page)
    buildkite = Buildkite()

    # Custom per_page for smaller responses (useful for large organizations)
    buildkite = Buildkite(per_page=25)

    buildkite.set_access_token(env_server.token)
    buildkite.organizations().list_all()
    assert ("per_page", "25") in env_server.requests[-1].query


def test_readme_pagination(env_server: Any) -> None:
    emu = env_server
    pipeline = emu.add_pipeline(name="Busy")
    numbers = [emu.add_build(emu.org, pipeline, state="passed", jobs=False) for _ in range(5)]

    from pybuildkite.buildkite import Buildkite

    buildkite = Buildkite(per_page=2)
    buildkite.set_access_token(emu.token)
    seen = []

    builds_response = buildkite.builds().list_all(page=1, with_pagination=True)
    seen += builds_response.body
    assert (builds_response.next_page, builds_response.last_page) == (2, 3)

    # Keep looping until next_page is not populated
    while builds_response.next_page:
        builds_response = buildkite.builds().list_all(page=builds_response.next_page, with_pagination=True)
        seen += builds_response.body

    assert sorted(b["number"] for b in seen) == numbers
    assert (builds_response.first_page, builds_response.previous_page) == (1, 2)


def test_readme_artifacts(
    env_server: Any, seeded: Seeded, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    s = seeded

    from pybuildkite.buildkite import Buildkite

    buildkite = Buildkite()
    buildkite.set_access_token(env_server.token)

    # The README's examples with the seeded ids, and "wb" where it wrote the invalid mode "b".
    artifacts = buildkite.artifacts()
    artifact = artifacts.download_artifact(s.org, s.pipeline, str(s.build), s.job, s.artifact)
    with open('artifact.bin', 'wb') as f:
      f.write(artifact)
    assert (tmp_path / "artifact.bin").read_bytes() == s.artifact_content

    stream = artifacts.download_artifact(s.org, s.pipeline, str(s.build), s.job, s.artifact, as_stream=True)
    with open('artifact.bin', 'wb') as f:
      for chunk in stream:
        f.write(chunk)
    assert (tmp_path / "artifact.bin").read_bytes() == s.artifact_content

    text = str(artifact)
    assert text.startswith("b'")
    assert os.path.exists("artifact.bin")
