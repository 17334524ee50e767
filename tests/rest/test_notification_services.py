"""Notification services on the wire: cursor listing, create/update/delete, enable/disable."""

from __future__ import annotations

from typing import Any

import pytest

import pybuildkite
from pybuildkite.testing import Emulator
from pybuildkite.types.notification_services import NotificationService, WebhookSettings

SERVICES = "/v2/organizations/acme/services"


@pytest.fixture
def emu(buildkite_emulator: Emulator) -> Emulator:
    return buildkite_emulator


@pytest.fixture
def client(buildkite_client: pybuildkite.Client) -> pybuildkite.Client:
    return buildkite_client


def last(emu: Emulator) -> Any:
    return emu.requests[-1]


def _webhook(client: pybuildkite.Client, emu: Emulator, **kwargs: Any) -> NotificationService:
    settings: WebhookSettings = {"url": "https://example.com/hook", "token_mode": "signature"}
    return client.notification_services.create(
        emu.org, provider="webhook", settings=settings, **kwargs
    )


def test_create_webhook_and_read_it_back(client: pybuildkite.Client, emu: Emulator) -> None:
    service = _webhook(
        client, emu, description="Deploys", branch_configuration="main release/*",
        build_states={"build_failed": True}, scope="all",
    )  # fmt: skip
    assert (last(emu).method, last(emu).path, last(emu).status) == ("POST", SERVICES, 201)
    assert last(emu).json == {
        "provider": "webhook", "description": "Deploys", "branch_configuration": "main release/*",
        "scope": "all", "build_states": {"build_failed": True},
        "settings": {"url": "https://example.com/hook", "token_mode": "signature"},
    }  # fmt: skip
    assert isinstance(service, NotificationService) and service.provider is not None
    assert (service.provider.id, service.enabled) == ("webhook", True)
    assert service.build_states is not None and service.build_states["build_failed"] is True
    assert service.build_states["build_passed"] is False
    assert service.settings is not None and service.settings["token_mode"] == "signature"
    assert service.settings["token"]  # generated, so deliveries can be signed
    got = client.notification_services.get(emu.org, service.id)
    assert last(emu).path == f"{SERVICES}/{service.id}"
    assert got == service


def test_update_merges_and_toggles(client: pybuildkite.Client, emu: Emulator) -> None:
    service = _webhook(client, emu)
    assert service.settings is not None
    token = service.settings["token"]
    updated = client.notification_services.update(
        emu.org, service.id, scope="some_projects", scope_uuids=["p-1"],
        settings={"events": ["build.finished"]}, build_states={"build_fixed": True},
    )  # fmt: skip
    assert (last(emu).method, last(emu).json) == ("PATCH", {
        "scope": "some_projects", "scope_uuids": ["p-1"], "build_states": {"build_fixed": True},
        "settings": {"events": ["build.finished"]},
    })  # fmt: skip
    assert updated.settings is not None
    assert updated.settings["token"] == token and updated.settings["events"] == ["build.finished"]
    assert updated.scope_uuids == ["p-1"]
    with pytest.raises(pybuildkite.UnprocessableEntityError):
        client.notification_services.update(emu.org, service.id, provider="slack")
    disabled = client.notification_services.disable(emu.org, service.id)
    assert (last(emu).method, last(emu).path) == ("PUT", f"{SERVICES}/{service.id}/disable")
    assert disabled.enabled is False
    assert client.notification_services.enable(emu.org, service.id).enabled is True
    assert client.notification_services.delete(emu.org, service.id) is None
    assert (last(emu).method, last(emu).status) == ("DELETE", 204)
    with pytest.raises(pybuildkite.NotFoundError):
        client.notification_services.get(emu.org, service.id)


async def test_cursor_list_oldest_first(
    client: pybuildkite.Client, async_buildkite_client: pybuildkite.AsyncClient, emu: Emulator
) -> None:
    made = [_webhook(client, emu, description=f"s{n}").id for n in range(3)]
    emu.clear_requests()
    listed = [s.id async for s in async_buildkite_client.notification_services.list(
        emu.org, per_page=2)]  # fmt: skip
    assert listed == made
    assert [r.path for r in emu.requests] == [SERVICES, SERVICES]
    assert ("after" in dict(emu.requests[1].query)) and emu.requests[0].query == [("per_page", "2")]


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [({"provider": "slack_workspace"}, ValueError), ({"provider": 3}, TypeError),
     ({"provider": "webhook", "scope": "everything"}, ValueError),
     ({"provider": "webhook", "scope_uuids": "p-1"}, TypeError),
     ({"provider": "webhook", "build_states": {"build_done": True}}, ValueError),
     ({"provider": "webhook", "build_states": {"build_failed": "yes"}}, TypeError),
     ({"provider": "webhook", "settings": {"url": "u", "token_mode": "hmac"}}, ValueError),
     ({"provider": "webhook", "settings": "https://example.com"}, TypeError)],
)  # fmt: skip
def test_bad_input_is_refused(
    client: pybuildkite.Client, emu: Emulator, kwargs: dict[str, Any], error: type[Exception]
) -> None:
    with pytest.raises(error):
        client.notification_services.create(emu.org, **kwargs)
    assert emu.requests == []


def test_emulator_validates_provider_settings(client: pybuildkite.Client, emu: Emulator) -> None:
    with pytest.raises(pybuildkite.UnprocessableEntityError, match="url"):
        client.notification_services.create(emu.org, provider="webhook", settings={})
    with pytest.raises(pybuildkite.UnprocessableEntityError, match="provider"):
        client.notification_services.create(emu.org, provider="pager")
