"""Notification services: the organization's webhooks, Slack, EventBridge, Datadog and
OpenTelemetry integrations. List (oldest first), get, create, update, delete, enable, disable."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Unpack

from .._encoding import path
from .._request import APIRequest, api_request
from .._resource import AsyncAPIResource, SyncAPIResource, endpoint, paginated
from .._types import NOT_GIVEN, NotGiven, RequestOptions
from .._validate import check_choices, check_str, one_or_many
from ..types.notification_services import (
    BUILD_STATE_KEYS,
    SCOPES,
    TOKEN_MODES,
    NotificationScope,
    NotificationService,
    ProviderId,
)

__all__ = ["AsyncNotificationServices", "NotificationServices"]

# Connected through OAuth in the web interface; the API can manage them but not create them.
_OAUTH_PROVIDERS = frozenset({"slack_workspace", "linear"})


def _checked(body: dict[str, Any]) -> dict[str, Any]:
    """Check the fields create and update share; NOT_GIVEN ones are left out later."""
    given = {k: v for k, v in body.items() if not isinstance(v, NotGiven)}
    for name in ("provider", "description", "branch_configuration", "scope"):
        if name in given:
            check_str(
                given[name], name, allow_empty=name in ("description", "branch_configuration")
            )
    if "scope" in given:
        check_choices(given["scope"], "scope", SCOPES)
    if "scope_uuids" in given:
        if isinstance(given["scope_uuids"], str):
            raise TypeError("scope_uuids must be a list of str")
        body["scope_uuids"] = one_or_many(given["scope_uuids"], "scope_uuids")
    if "build_states" in given:
        states = given["build_states"]
        if not isinstance(states, Mapping):
            raise TypeError("build_states must be a mapping of state name to bool")
        check_choices(list(states), "build_states key", BUILD_STATE_KEYS)
        for key, value in states.items():
            if not isinstance(value, bool):
                raise TypeError(f"build_states[{key!r}] must be a bool")
    if "settings" in given:
        settings = given["settings"]
        if not isinstance(settings, Mapping):
            raise TypeError("settings must be a mapping")
        if "token_mode" in settings:
            check_choices(
                check_str(settings["token_mode"], "token_mode"), "token_mode", TOKEN_MODES
            )
    return body


def _service(
    method: str,
    org: str,
    options: RequestOptions,
    *,
    uuid: str | None = None,
    action: str | None = None,
    body: dict[str, Any] | None = None,
) -> APIRequest[Any]:
    route = path("/v2/organizations/{}/services", org)
    if uuid is not None:
        route += "/" + path("{}", uuid)
    if action:
        route += "/" + action
    cast = None if method == "DELETE" else NotificationService
    return api_request(method, route, cast=cast, body=body, options=options)


class _NotificationServicesEndpoints:
    @paginated
    def list(
        self,
        org: str,
        *,
        per_page: int | None = None,
        limit: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[NotificationService]:
        """List notification services, oldest first.

        GET /v2/organizations/{org.slug}/services
        """
        return api_request(
            "GET", path("/v2/organizations/{}/services", org), cast=NotificationService,
            options=options, paginate="cursor", per_page=per_page, limit=limit,
        )  # fmt: skip

    @endpoint
    def get(
        self, org: str, uuid: str, **options: Unpack[RequestOptions]
    ) -> APIRequest[NotificationService]:
        """Get a notification service.

        GET /v2/organizations/{org.slug}/services/{uuid}
        """
        return _service("GET", org, options, uuid=uuid)

    @endpoint
    def create(
        self,
        org: str,
        *,
        provider: ProviderId,
        settings: Mapping[str, Any] | NotGiven = NOT_GIVEN,
        description: str | NotGiven = NOT_GIVEN,
        branch_configuration: str | NotGiven = NOT_GIVEN,
        scope: NotificationScope | NotGiven = NOT_GIVEN,
        scope_uuids: Sequence[str] | NotGiven = NOT_GIVEN,
        build_states: Mapping[str, bool] | NotGiven = NOT_GIVEN,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[NotificationService]:
        """Create a notification service.

        POST /v2/organizations/{org.slug}/services

        ``settings`` depends on the provider; for ``webhook`` see
        :class:`~pybuildkite.types.notification_services.WebhookSettings` (``url`` required,
        ``token_mode`` ``"token"`` or ``"signature"``). ``scope_uuids`` names the pipelines,
        teams or clusters a ``some_*`` scope selects. ``build_states`` maps ``build_passed``,
        ``build_fixed``, ``build_failed``, ``build_blocked``, ``build_canceled``,
        ``build_failing`` and ``job_activated`` to whether they notify.
        """
        if provider in _OAUTH_PROVIDERS:
            raise ValueError(
                f"{provider!r} services are connected in the Buildkite web interface; "
                "the API can update them but not create them"
            )
        body = _checked({
            "provider": provider,
            "description": description,
            "branch_configuration": branch_configuration,
            "scope": scope,
            "scope_uuids": scope_uuids,
            "build_states": build_states,
            "settings": settings,
        })  # fmt: skip
        return _service("POST", org, options, body=body)

    @endpoint
    def update(
        self,
        org: str,
        uuid: str,
        *,
        provider: ProviderId | NotGiven = NOT_GIVEN,
        settings: Mapping[str, Any] | NotGiven = NOT_GIVEN,
        description: str | NotGiven = NOT_GIVEN,
        branch_configuration: str | NotGiven = NOT_GIVEN,
        scope: NotificationScope | NotGiven = NOT_GIVEN,
        scope_uuids: Sequence[str] | NotGiven = NOT_GIVEN,
        build_states: Mapping[str, bool] | NotGiven = NOT_GIVEN,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[NotificationService]:
        """Change some fields of a notification service; the rest, settings included, stay.

        PATCH /v2/organizations/{org.slug}/services/{uuid}

        ``provider`` cannot change (send it only to assert it). Masked secrets from ``get``
        may be sent back unchanged to keep the stored values.
        """
        body = _checked({
            "provider": provider,
            "description": description,
            "branch_configuration": branch_configuration,
            "scope": scope,
            "scope_uuids": scope_uuids,
            "build_states": build_states,
            "settings": settings,
        })  # fmt: skip
        return _service("PATCH", org, options, uuid=uuid, body=body)

    @endpoint
    def delete(self, org: str, uuid: str, **options: Unpack[RequestOptions]) -> APIRequest[None]:
        """Delete a notification service.

        DELETE /v2/organizations/{org.slug}/services/{uuid}
        """
        return _service("DELETE", org, options, uuid=uuid)

    @endpoint
    def enable(
        self, org: str, uuid: str, **options: Unpack[RequestOptions]
    ) -> APIRequest[NotificationService]:
        """Enable a notification service, clearing any disabled or broken state.

        PUT /v2/organizations/{org.slug}/services/{uuid}/enable
        """
        return _service("PUT", org, options, uuid=uuid, action="enable")

    @endpoint
    def disable(
        self, org: str, uuid: str, **options: Unpack[RequestOptions]
    ) -> APIRequest[NotificationService]:
        """Disable a notification service.

        PUT /v2/organizations/{org.slug}/services/{uuid}/disable
        """
        return _service("PUT", org, options, uuid=uuid, action="disable")


class NotificationServices(_NotificationServicesEndpoints, SyncAPIResource):
    pass


class AsyncNotificationServices(_NotificationServicesEndpoints, AsyncAPIResource):
    pass
