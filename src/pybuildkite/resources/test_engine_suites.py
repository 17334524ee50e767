"""Test Engine suites: list, get, create, update, delete.

``show_api_token=True`` adds the suite's ``api_token`` (what test collectors upload with) to
the answer; the server answers 403 when the caller may not see it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Unpack

from .._encoding import path
from .._request import APIRequest, api_request
from .._resource import AsyncAPIResource, SyncAPIResource, endpoint, paginated
from .._types import NOT_GIVEN, NotGiven, RequestOptions
from .._validate import check_bool, check_str, one_or_many
from ..types.test_engine import Suite

__all__ = ["AsyncTestEngineSuites", "TestEngineSuites"]


def _suites(org: str, suite: str | None = None) -> str:
    route = path("/v2/analytics/organizations/{}/suites", org)
    return route if suite is None else route + "/" + path("{}", suite)


def _checked(body: dict[str, Any]) -> dict[str, Any]:
    for name, value in body.items():
        if isinstance(value, NotGiven) or name == "oidc_policy":
            continue
        if name == "show_api_token":
            check_bool(value, name)
        elif name == "team_ids":
            if isinstance(value, str):
                raise TypeError("team_ids must be a list of str")
            body[name] = one_or_many(value, name)
        else:
            check_str(value, name)
    return body


class _TestEngineSuitesEndpoints:
    @paginated
    def list(
        self,
        org: str,
        *,
        show_api_token: bool | None = None,
        per_page: int | None = None,
        limit: int | None = None,
        concurrency: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[Suite]:
        """List the organization's suites.

        GET /v2/analytics/organizations/{org.slug}/suites
        """
        return api_request(
            "GET", _suites(org), cast=Suite,
            query={"show_api_token": check_bool(show_api_token, "show_api_token")},
            options=options, paginate="page", per_page=per_page, limit=limit,
            concurrency=concurrency,
        )  # fmt: skip

    @endpoint
    def get(
        self,
        org: str,
        suite: str,
        *,
        show_api_token: bool | None = None,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[Suite]:
        """Get a suite.

        GET /v2/analytics/organizations/{org.slug}/suites/{suite.slug}
        """
        return api_request(
            "GET", _suites(org, suite), cast=Suite,
            query={"show_api_token": check_bool(show_api_token, "show_api_token")},
            options=options,
        )  # fmt: skip

    @endpoint
    def create(
        self,
        org: str,
        *,
        name: str,
        default_branch: str,
        team_ids: Sequence[str] | NotGiven = NOT_GIVEN,
        show_api_token: bool | NotGiven = NOT_GIVEN,
        application_name: str | NotGiven = NOT_GIVEN,
        color: str | NotGiven = NOT_GIVEN,
        emoji: str | NotGiven = NOT_GIVEN,
        oidc_policy: str | Sequence[Any] | NotGiven | None = NOT_GIVEN,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[Suite]:
        """Create a suite.

        POST /v2/analytics/organizations/{org.slug}/suites

        ``team_ids`` is required when the organization uses teams.
        """
        body = _checked({
            "name": name, "default_branch": default_branch, "team_ids": team_ids,
            "show_api_token": show_api_token, "application_name": application_name,
            "color": color, "emoji": emoji, "oidc_policy": oidc_policy,
        })  # fmt: skip
        return api_request("POST", _suites(org), cast=Suite, body=body, options=options)

    @endpoint
    def update(
        self,
        org: str,
        suite: str,
        *,
        name: str | NotGiven = NOT_GIVEN,
        default_branch: str | NotGiven = NOT_GIVEN,
        show_api_token: bool | NotGiven = NOT_GIVEN,
        application_name: str | NotGiven = NOT_GIVEN,
        color: str | NotGiven = NOT_GIVEN,
        emoji: str | NotGiven = NOT_GIVEN,
        oidc_policy: str | Sequence[Any] | NotGiven | None = NOT_GIVEN,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[Suite]:
        """Change some fields of a suite; ``oidc_policy=None`` removes the policy.

        PATCH /v2/analytics/organizations/{org.slug}/suites/{suite.slug}
        """
        body = _checked({
            "name": name, "default_branch": default_branch, "show_api_token": show_api_token,
            "application_name": application_name, "color": color, "emoji": emoji,
            "oidc_policy": oidc_policy,
        })  # fmt: skip
        return api_request("PATCH", _suites(org, suite), cast=Suite, body=body, options=options)

    @endpoint
    def delete(self, org: str, suite: str, **options: Unpack[RequestOptions]) -> APIRequest[None]:
        """Delete a suite.

        DELETE /v2/analytics/organizations/{org.slug}/suites/{suite.slug}
        """
        return api_request("DELETE", _suites(org, suite), options=options)


class TestEngineSuites(_TestEngineSuitesEndpoints, SyncAPIResource):
    pass


class AsyncTestEngineSuites(_TestEngineSuitesEndpoints, AsyncAPIResource):
    pass
