"""Organization invitations: list pending ones, get one in any state, invite, revoke."""

from __future__ import annotations

import builtins
from collections.abc import Mapping, Sequence
from typing import Literal, Unpack

from .._encoding import path
from .._request import APIRequest, api_request
from .._resource import AsyncAPIResource, SyncAPIResource, endpoint, paginated
from .._types import NOT_GIVEN, NotGiven, RequestOptions
from .._validate import check_choices, check_str
from ..types.organization_admin import (
    INVITATION_ROLES,
    INVITATION_TEAM_ROLES,
    SSO_MODES,
    Invitation,
)

__all__ = ["AsyncOrganizationInvitations", "OrganizationInvitations"]


def _emails(emails: object) -> list[str]:
    if isinstance(emails, str) or not isinstance(emails, Sequence):
        raise TypeError("emails must be a list of str")
    items = list(emails)
    if not items:
        raise ValueError("emails must name at least one address")
    for item in items:
        check_str(item, "emails items")
    return items


def _teams(teams: object) -> list[dict[str, str]]:
    # A mapping keeps "at most one assignment per team" true by construction.
    if not isinstance(teams, Mapping):
        raise TypeError("teams must be a mapping of team UUID to role ('member' or 'maintainer')")
    out = []
    for team_id, role in teams.items():
        check_str(team_id, "teams key")
        check_choices(check_str(role, f"teams[{team_id!r}]"), "team role", INVITATION_TEAM_ROLES)
        out.append({"id": team_id, "role": role})
    return out


class _OrganizationInvitationsEndpoints:
    @paginated
    def list(
        self,
        org: str,
        *,
        per_page: int | None = None,
        limit: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[Invitation]:
        """List pending invitations, newest first.

        GET /v2/organizations/{org.slug}/invitations
        """
        return api_request(
            "GET", path("/v2/organizations/{}/invitations", org), cast=Invitation,
            options=options, paginate="cursor", per_page=per_page, limit=limit,
        )  # fmt: skip

    @endpoint
    def get(self, org: str, id: str, **options: Unpack[RequestOptions]) -> APIRequest[Invitation]:
        """Get an invitation in any state (pending, accepted, revoked or expired).

        GET /v2/organizations/{org.slug}/invitations/{uuid}
        """
        return api_request(
            "GET", path("/v2/organizations/{}/invitations/{}", org, id), cast=Invitation,
            options=options,
        )  # fmt: skip

    @endpoint
    def create(
        self,
        org: str,
        *,
        emails: Sequence[str],
        role: Literal["admin", "member"] | NotGiven = NOT_GIVEN,
        sso_mode: Literal["required", "optional"] | NotGiven = NOT_GIVEN,
        teams: Mapping[str, Literal["member", "maintainer"]] | NotGiven = NOT_GIVEN,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[builtins.list[Invitation]]:
        """Invite one or more people; the whole batch is created or none of it is.

        POST /v2/organizations/{org.slug}/invitations

        ``teams`` maps team UUIDs to the role to give in each (``member`` or ``maintainer``).
        ``sso_mode`` is required when the organization has SSO enabled.
        """
        for name, value, choices in (("role", role, INVITATION_ROLES),
                                     ("sso_mode", sso_mode, SSO_MODES)):  # fmt: skip
            if not isinstance(value, NotGiven):
                check_choices(check_str(value, name), name, choices)
        body = {
            "emails": _emails(emails),
            "role": role,
            "sso_mode": sso_mode,
            "teams": teams if isinstance(teams, NotGiven) else _teams(teams),
        }
        return api_request(
            "POST", path("/v2/organizations/{}/invitations", org), cast=builtins.list[Invitation],
            body=body, options=options,
        )  # fmt: skip

    @endpoint
    def revoke(self, org: str, id: str, **options: Unpack[RequestOptions]) -> APIRequest[None]:
        """Revoke a pending invitation (422 once accepted, revoked or expired).

        DELETE /v2/organizations/{org.slug}/invitations/{uuid}
        """
        return api_request(
            "DELETE", path("/v2/organizations/{}/invitations/{}", org, id), options=options
        )


class OrganizationInvitations(_OrganizationInvitationsEndpoints, SyncAPIResource):
    pass


class AsyncOrganizationInvitations(_OrganizationInvitationsEndpoints, AsyncAPIResource):
    pass
