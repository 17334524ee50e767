"""Pipelines: listing filters, get, create (YAML and visual), PATCH semantics, delete, archive,
the repository webhook and GitHub webhook processing."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pytest

import pybuildkite
from pybuildkite import NOT_GIVEN
from pybuildkite.types.pipelines import GitHubWebhooks, Pipeline

ORG = "acme"
PIPELINES = f"/v2/organizations/{ORG}/pipelines"
YAML = 'steps:\n  - label: "Test"\n    command: "make test"\n'
TEAM = "4bc1b9b0-5d42-4e7e-8f5e-0f4e0e4c9e3a"


@pytest.fixture
def web(buildkite_emulator: Any) -> str:
    return str(buildkite_emulator.add_pipeline(ORG, "Web App",
                                               repository="git@github.com:acme/web.git"))  # fmt: skip


def test_list_filters_by_name_and_repository(
    buildkite_emulator: Any, buildkite_client: pybuildkite.Client, wire: Any
) -> None:
    emu, pipelines = buildkite_emulator, buildkite_client.pipelines
    emu.add_pipeline(ORG, "Web App", repository="git@github.com:acme/web.git")
    emu.add_pipeline(ORG, "Web Docs", repository="https://gitlab.com/acme/docs.git")
    emu.add_pipeline(ORG, "Mobile", repository="git@github.com:acme/mobile.git")

    assert {p.slug for p in pipelines.list(ORG)} == {"web-app", "web-docs", "mobile"}
    assert wire() == ("GET", PIPELINES, Counter({("per_page", "100"): 1}), None)

    named = pipelines.list(ORG, name="WEB").to_list()
    assert wire().query == Counter({("name", "WEB"): 1, ("per_page", "100"): 1})
    assert sorted(p.name or "" for p in named) == ["Web App", "Web Docs"]

    hosted = pipelines.list(ORG, name="web", repository="GitHub.com:acme", per_page=5).to_list()
    assert wire().query == Counter({("name", "web"): 1, ("repository", "GitHub.com:acme"): 1,
                                    ("per_page", "5"): 1})  # fmt: skip
    assert [p.slug for p in hosted] == ["web-app"]
    assert all(isinstance(p, Pipeline) for p in hosted)


def test_list_refuses_bad_filters(buildkite_client: pybuildkite.Client, refused: Any) -> None:
    with refused(TypeError, "name must be a str"):
        buildkite_client.pipelines.list(ORG, name=3)  # type: ignore[arg-type]
    with refused(ValueError, "repository must not be empty"):
        buildkite_client.pipelines.list(ORG, repository="")


def test_get(buildkite_emulator: Any, buildkite_client: pybuildkite.Client, web: str,
             wire: Any) -> None:  # fmt: skip
    pipeline = buildkite_client.pipelines.get(ORG, web)
    assert wire() == ("GET", f"{PIPELINES}/web-app", Counter(), None)
    assert (pipeline.slug, pipeline.name) == ("web-app", "Web App")
    assert pipeline.repository == "git@github.com:acme/web.git"
    assert isinstance(pipeline.created_at, dt.datetime) and pipeline.created_at.tzinfo
    assert pipeline.created_by is not None and pipeline.created_by.id == buildkite_emulator.user_id
    assert pipeline.provider is not None and pipeline.provider.id == "github"
    assert pipeline.archived is False
    with pytest.raises(pybuildkite.NotFoundError):
        buildkite_client.pipelines.get(ORG, "nope")


def test_slug_with_reserved_characters_stays_one_segment(
    buildkite_client: pybuildkite.Client, wire: Any
) -> None:
    with pytest.raises(pybuildkite.NotFoundError):
        buildkite_client.pipelines.get(ORG, "a/b?c#d e")
    assert wire().path == f"{PIPELINES}/a%2Fb%3Fc%23d%20e"


def test_create_yaml_pipeline_with_every_field(
    buildkite_client: pybuildkite.Client, wire: Any
) -> None:
    created = buildkite_client.pipelines.create(
        ORG,
        name="Release Train",
        repository="git@github.com:acme/train.git",
        configuration=YAML,
        slug="train",
        cluster_id="2a8a2a4e-2a2b-4b3c-8d8e-7f5d4b1a0c9d",
        description="Ships things :rocket:",
        default_branch="main",
        branch_configuration="main release/*",
        allow_rebuilds=False,
        skip_queued_branch_builds=True,
        skip_queued_branch_builds_filter="!main",
        cancel_running_branch_builds=True,
        cancel_running_branch_builds_filter="feature/*",
        clone_mirror_url="https://mirror.example.com/train.git",
        default_command_step_timeout=30,
        maximum_command_step_timeout=120,
        emoji=":steam_locomotive:",
        color="#ff0000",
        provider_settings={"trigger_mode": "code", "build_tags": True},
        tags=("ruby", "ops"),
        visibility="public",
        teams={TEAM: "manage_build_and_read"},
    )
    assert wire() == ("POST", PIPELINES, Counter(), {
        "name": "Release Train",
        "repository": "git@github.com:acme/train.git",
        "configuration": YAML,
        "slug": "train",
        "cluster_id": "2a8a2a4e-2a2b-4b3c-8d8e-7f5d4b1a0c9d",
        "description": "Ships things :rocket:",
        "default_branch": "main",
        "branch_configuration": "main release/*",
        "allow_rebuilds": False,
        "skip_queued_branch_builds": True,
        "skip_queued_branch_builds_filter": "!main",
        "cancel_running_branch_builds": True,
        "cancel_running_branch_builds_filter": "feature/*",
        "clone_mirror_url": "https://mirror.example.com/train.git",
        "default_command_step_timeout": 30,
        "maximum_command_step_timeout": 120,
        "emoji": ":steam_locomotive:",
        "color": "#ff0000",
        "provider_settings": {"trigger_mode": "code", "build_tags": True},
        "tags": ["ruby", "ops"],
        "visibility": "public",
        "teams": {TEAM: "manage_build_and_read"},
    })  # fmt: skip
    assert isinstance(created, Pipeline)
    assert (created.slug, created.visibility, created.allow_rebuilds) == ("train", "public", False)
    assert created.configuration == YAML
    assert created.steps and created.steps[0]["command"] == "make test"
    assert (created.default_command_step_timeout, created.tags) == (30, ["ruby", "ops"])
    assert isinstance(created.created_at, dt.datetime)


def test_create_visual_step_pipeline(buildkite_client: pybuildkite.Client, wire: Any) -> None:
    steps = [{"type": "script", "name": "Build :package:", "command": "script/release.sh"}]
    created = buildkite_client.pipelines.create(
        ORG, name="Visual", repository="git@github.com:acme/visual.git", steps=steps,
        env={"FOO": "bar"},
    )  # fmt: skip
    assert wire().json == {"name": "Visual", "repository": "git@github.com:acme/visual.git",
                           "steps": steps, "env": {"FOO": "bar"}}  # fmt: skip
    assert created.configuration is None
    assert created.steps and created.steps[0]["command"] == "script/release.sh"
    assert created.env == {"FOO": "bar"}


def test_create_refuses_bad_input(buildkite_client: pybuildkite.Client, refused: Any) -> None:
    create = buildkite_client.pipelines.create
    repo = "git@github.com:acme/x.git"
    with refused(ValueError, "not both"):
        create(ORG, name="X", repository=repo, configuration=YAML, steps=[{"command": "x"}])
    with refused(ValueError, "needs configuration"):
        create(ORG, name="X", repository=repo)
    with refused(ValueError, "name must not be empty"):
        create(ORG, name="", repository=repo, configuration=YAML)
    with refused(TypeError, "allow_rebuilds must be a bool"):
        create(ORG, name="X", repository=repo, configuration=YAML,
               allow_rebuilds="yes")  # type: ignore[arg-type]  # fmt: skip
    with refused(TypeError, "default_command_step_timeout must be an int"):
        create(ORG, name="X", repository=repo, configuration=YAML,
               default_command_step_timeout=True)  # fmt: skip
    with refused(TypeError, "tags must be a list"):
        create(ORG, name="X", repository=repo, configuration=YAML, tags="ruby")
    with refused(TypeError, "env must be a mapping"):
        create(ORG, name="X", repository=repo, configuration=YAML,
               env=["A=1"])  # type: ignore[arg-type]  # fmt: skip
    with refused(ValueError, "unknown visibility value"):
        create(ORG, name="X", repository=repo, configuration=YAML, visibility="internal")
    with refused(ValueError, "unknown teams"):
        create(ORG, name="X", repository=repo, configuration=YAML, teams={TEAM: "admin"})
    with refused(ValueError, "teams key"):
        create(ORG, name="X", repository=repo, configuration=YAML, teams={"": "read_only"})


def test_create_validation_error_from_the_server(buildkite_client: pybuildkite.Client,
                                                 web: str) -> None:  # fmt: skip
    with pytest.raises(pybuildkite.UnprocessableEntityError, match="already been taken"):
        buildkite_client.pipelines.create(
            ORG, name="Web App", repository="git@github.com:acme/web.git", configuration=YAML
        )


def test_update_tells_left_out_from_none_and_false(
    buildkite_client: pybuildkite.Client, web: str, wire: Any
) -> None:
    pipelines = buildkite_client.pipelines
    pipelines.update(ORG, web, description="Front end", branch_configuration="main",
                     tags=["web"])  # fmt: skip
    assert wire() == ("PATCH", f"{PIPELINES}/web-app", Counter(),
                      {"description": "Front end", "branch_configuration": "main",
                       "tags": ["web"]})  # fmt: skip

    updated = pipelines.update(
        ORG, web, description=None, branch_configuration=NOT_GIVEN, allow_rebuilds=False,
        skip_queued_branch_builds=False, cluster_id=None,
    )  # fmt: skip
    assert wire().json == {"description": None, "allow_rebuilds": False,
                           "skip_queued_branch_builds": False, "cluster_id": None}  # fmt: skip
    assert updated.description is None  # cleared
    assert updated.branch_configuration == "main"  # left out, so kept
    assert updated.tags == ["web"]
    assert updated.allow_rebuilds is False


def test_update_rename_and_new_slug(buildkite_client: pybuildkite.Client, web: str,
                                    wire: Any) -> None:  # fmt: skip
    renamed = buildkite_client.pipelines.update(ORG, web, name="Storefront")
    assert wire().json == {"name": "Storefront"}
    assert renamed.slug == "storefront"  # renaming regenerates the slug
    moved = buildkite_client.pipelines.update(ORG, "storefront", new_slug="shop",
                                              configuration=YAML)  # fmt: skip
    assert wire() == ("PATCH", f"{PIPELINES}/storefront", Counter(),
                      {"slug": "shop", "configuration": YAML})  # fmt: skip
    assert (moved.slug, moved.name) == ("shop", "Storefront")


def test_update_refuses_bad_input(buildkite_client: pybuildkite.Client, refused: Any) -> None:
    update = buildkite_client.pipelines.update
    with refused(ValueError, "at least one field"):
        update(ORG, "web-app")
    with refused(TypeError, "name cannot be None"):
        update(ORG, "web-app", name=None)  # type: ignore[arg-type]
    with refused(TypeError, "maximum_command_step_timeout must be an int or None"):
        update(ORG, "web-app", maximum_command_step_timeout="60")  # type: ignore[arg-type]
    with refused(TypeError, "unexpected keyword"):
        update(ORG, "web-app", teams={TEAM: "read_only"})  # type: ignore[call-arg]


def test_extra_body_counts_as_a_change(buildkite_client: pybuildkite.Client, web: str,
                                       wire: Any) -> None:  # fmt: skip
    buildkite_client.pipelines.update(ORG, web, extra_body={"description": "via extra"})
    assert wire().json == {"description": "via extra"}


def test_delete(buildkite_emulator: Any, buildkite_client: pybuildkite.Client, web: str,
                wire: Any) -> None:  # fmt: skip
    assert buildkite_client.pipelines.delete(ORG, web) is None
    assert wire() == ("DELETE", f"{PIPELINES}/web-app", Counter(), None)
    assert buildkite_emulator.requests[-1].status == 204
    with pytest.raises(pybuildkite.NotFoundError):
        buildkite_client.pipelines.get(ORG, web)


def test_archive_and_unarchive(buildkite_client: pybuildkite.Client, web: str,
                               wire: Any) -> None:  # fmt: skip
    archived = buildkite_client.pipelines.archive(ORG, web)
    assert wire() == ("POST", f"{PIPELINES}/web-app/archive", Counter(), None)
    assert archived.archived and isinstance(archived.archived_at, dt.datetime)
    with pytest.raises(pybuildkite.UnprocessableEntityError, match="could not be archived"):
        buildkite_client.pipelines.archive(ORG, web)

    restored = buildkite_client.pipelines.unarchive(ORG, web)
    assert wire()[:2] == ("POST", f"{PIPELINES}/web-app/unarchive")
    assert restored.archived_at is None
    with pytest.raises(pybuildkite.UnprocessableEntityError, match="could not be unarchived"):
        buildkite_client.pipelines.unarchive(ORG, web)


def test_add_webhook(buildkite_emulator: Any, buildkite_client: pybuildkite.Client, web: str,
                     wire: Any) -> None:  # fmt: skip
    assert buildkite_client.pipelines.add_webhook(ORG, web) is None
    assert wire() == ("POST", f"{PIPELINES}/web-app/webhook", Counter(), None)
    assert buildkite_emulator.requests[-1].status == 201
    elsewhere = buildkite_emulator.add_pipeline(ORG, "Lab", repository="https://gitlab.com/a/b")
    with pytest.raises(pybuildkite.UnprocessableEntityError, match="not supported"):
        buildkite_client.pipelines.add_webhook(ORG, elsewhere)


def test_github_webhook_processing(
    buildkite_emulator: Any, buildkite_client: pybuildkite.Client, web: str, wire: Any
) -> None:
    pipelines = buildkite_client.pipelines
    state = pipelines.github_webhooks(ORG, web)
    assert wire() == ("GET", f"{PIPELINES}/web-app/github-webhooks", Counter(), None)
    assert isinstance(state, GitHubWebhooks)
    assert (state.enabled, state.disabled_at) == (True, None)

    disabled = pipelines.disable_github_webhooks(ORG, web)
    assert wire()[:2] == ("DELETE", f"{PIPELINES}/web-app/github-webhooks")
    assert buildkite_emulator.requests[-1].status == 200  # a body, not 204
    assert disabled.enabled is False and isinstance(disabled.disabled_at, dt.datetime)
    assert disabled.disabled_by is not None
    assert pipelines.disable_github_webhooks(ORG, web).disabled_at == disabled.disabled_at

    enabled = pipelines.enable_github_webhooks(ORG, web)
    assert wire()[:2] == ("PUT", f"{PIPELINES}/web-app/github-webhooks")
    assert (enabled.enabled, enabled.disabled_at, enabled.disabled_by) == (True, None, None)


async def test_async_pipeline_lifecycle(
    async_buildkite_client: pybuildkite.AsyncClient, wire: Any
) -> None:
    pipelines = async_buildkite_client.pipelines
    created = await pipelines.create(ORG, name="Async", repository="git@github.com:a/b.git",
                                     configuration=YAML, teams={TEAM: "read_only"})  # fmt: skip
    assert wire().json["teams"] == {TEAM: "read_only"}
    assert [p.slug async for p in pipelines.list(ORG, name="async")] == ["async"]
    assert (await pipelines.get(ORG, "async")).id == created.id
    updated = await pipelines.update(ORG, "async", description=None, allow_rebuilds=False)
    assert wire().json == {"description": None, "allow_rebuilds": False}
    assert updated.allow_rebuilds is False
    assert (await pipelines.archive(ORG, "async")).archived
    assert not (await pipelines.unarchive(ORG, "async")).archived
    await pipelines.add_webhook(ORG, "async")
    assert wire()[:2] == ("POST", f"{PIPELINES}/async/webhook")
    assert (await pipelines.disable_github_webhooks(ORG, "async")).enabled is False
    assert (await pipelines.enable_github_webhooks(ORG, "async")).enabled is True
    assert (await pipelines.github_webhooks(ORG, "async")).enabled is True
    await pipelines.delete(ORG, "async")
    with pytest.raises(pybuildkite.NotFoundError):
        await pipelines.get(ORG, "async")
