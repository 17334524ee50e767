"""Organization API settings (organization admins): the IP allowlist, inactive-token
revocation and who may create API tokens."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, Unpack

from .._encoding import path
from .._request import APIRequest, api_request
from .._resource import AsyncAPIResource, SyncAPIResource, endpoint
from .._types import NOT_GIVEN, NotGiven, RequestOptions
from .._validate import check_bool, check_str
from ..types.organization_admin import ApiSettings

__all__ = ["AsyncOrganizationApiSettings", "OrganizationApiSettings"]

_REVOKE_AFTER_DAYS = (30, 60, 90, 180, 365)


def _allowlist(value: str | Sequence[str] | NotGiven | None) -> str | NotGiven | None:
    """The API takes one space-separated string; a list of CIDR ranges is joined for it."""
    if value is None or isinstance(value, NotGiven | str):
        return value
    if not isinstance(value, Sequence):
        raise TypeError("allowed_ip_addresses must be a str or a list of str")
    for item in value:
        check_str(item, "allowed_ip_addresses items")
        if " " in item:
            raise ValueError(f"allowed_ip_addresses items must be single CIDR ranges: {item!r}")
    return " ".join(value)


class _OrganizationApiSettingsEndpoints:
    @endpoint
    def get(self, org: str, **options: Unpack[RequestOptions]) -> APIRequest[ApiSettings]:
        """Get the organization's API settings.

        GET /v2/organizations/{org.slug}/api-settings
        """
        return api_request(
            "GET", path("/v2/organizations/{}/api-settings", org), cast=ApiSettings,
            options=options,
        )  # fmt: skip

    @endpoint
    def update(
        self,
        org: str,
        *,
        allowed_ip_addresses: str | Sequence[str] | NotGiven | None = NOT_GIVEN,
        revoke_inactive_tokens_after_days: Literal[30, 60, 90, 180, 365] | NotGiven | None = (
            NOT_GIVEN
        ),
        restrict_user_api_token_creation: bool | NotGiven = NOT_GIVEN,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[ApiSettings]:
        """Change some API settings; fields left out keep their value, ``None`` clears.

        PATCH /v2/organizations/{org.slug}/api-settings

        The allowlist applies at once: leaving out your own address locks this client out.
        """
        days = revoke_inactive_tokens_after_days
        if days is not None and not isinstance(days, NotGiven) and days not in _REVOKE_AFTER_DAYS:
            raise ValueError(
                f"revoke_inactive_tokens_after_days must be one of {_REVOKE_AFTER_DAYS} or None, "
                f"got {days!r}"
            )
        if not isinstance(restrict_user_api_token_creation, NotGiven):
            check_bool(restrict_user_api_token_creation, "restrict_user_api_token_creation")
        body = {
            "allowed_ip_addresses": _allowlist(allowed_ip_addresses),
            "revoke_inactive_tokens_after_days": days,
            "restrict_user_api_token_creation": restrict_user_api_token_creation,
        }
        return api_request(
            "PATCH", path("/v2/organizations/{}/api-settings", org), cast=ApiSettings,
            body=body, options=options,
        )  # fmt: skip


class OrganizationApiSettings(_OrganizationApiSettingsEndpoints, SyncAPIResource):
    pass


class AsyncOrganizationApiSettings(_OrganizationApiSettingsEndpoints, AsyncAPIResource):
    pass
