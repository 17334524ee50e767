"""Organization members: list, get, change role or SSO mode, remove."""

from __future__ import annotations

from typing import Unpack

from .._encoding import path
from .._request import APIRequest, api_request
from .._resource import AsyncAPIResource, SyncAPIResource, endpoint, paginated
from .._types import NOT_GIVEN, NotGiven, RequestOptions
from .._validate import check_enum, require_change
from ..types.organizations import (
    MEMBER_ROLES,
    MEMBER_SSO_MODES,
    MemberRole,
    MemberSsoMode,
    OrganizationMember,
)

__all__ = ["AsyncOrganizationMembers", "OrganizationMembers"]


def _member_path(org: str, user_id: str) -> str:
    return path("/v2/organizations/{}/members/{}", org, user_id)


class _OrganizationMembersEndpoints:
    @paginated
    def list(
        self,
        org: str,
        *,
        per_page: int | None = None,
        limit: int | None = None,
        concurrency: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[OrganizationMember]:
        """List an organization's members.

        GET /v2/organizations/{org.slug}/members
        """
        return api_request(
            "GET", path("/v2/organizations/{}/members", org), cast=OrganizationMember,
            options=options, paginate="page", per_page=per_page, limit=limit,
            concurrency=concurrency,
        )  # fmt: skip

    @endpoint
    def get(
        self, org: str, user_id: str, **options: Unpack[RequestOptions]
    ) -> APIRequest[OrganizationMember]:
        """Get one member by user UUID.

        GET /v2/organizations/{org.slug}/members/{user.uuid}
        """
        return api_request(
            "GET", _member_path(org, user_id), cast=OrganizationMember, options=options
        )

    @endpoint
    def update(
        self,
        org: str,
        user_id: str,
        *,
        role: MemberRole | NotGiven = NOT_GIVEN,
        sso_mode: MemberSsoMode | NotGiven = NOT_GIVEN,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[OrganizationMember]:
        """Change a member's role (admin, member) or SSO mode (required, optional).

        PATCH /v2/organizations/{org.slug}/members/{user.uuid}

        Your own membership cannot be changed (403).
        """
        body = {
            "role": check_enum(role, "role", MEMBER_ROLES),
            "sso_mode": check_enum(sso_mode, "sso_mode", MEMBER_SSO_MODES),
        }
        req = api_request(
            "PATCH", _member_path(org, user_id), cast=OrganizationMember, body=body,
            options=options,
        )  # fmt: skip
        return require_change(req, "organization_members.update")

    @endpoint
    def delete(self, org: str, user_id: str, **options: Unpack[RequestOptions]) -> APIRequest[None]:
        """Remove a member (422 if that would leave the organization without an admin).

        DELETE /v2/organizations/{org.slug}/members/{user.uuid}
        """
        return api_request("DELETE", _member_path(org, user_id), options=options)


class OrganizationMembers(_OrganizationMembersEndpoints, SyncAPIResource):
    pass


class AsyncOrganizationMembers(_OrganizationMembersEndpoints, AsyncAPIResource):
    pass
