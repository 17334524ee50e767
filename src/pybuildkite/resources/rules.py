"""Rules: list, get, create, delete (e.g. which pipelines may trigger builds of others)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Unpack

from .._encoding import path
from .._request import APIRequest, api_request
from .._resource import AsyncAPIResource, SyncAPIResource, endpoint, paginated
from .._types import RequestOptions
from .._validate import check_body, check_str
from ..types.rules import Rule, RuleType, RuleValue

__all__ = ["AsyncRules", "Rules"]


def _rule_path(org: str, rule_uuid: str | None = None) -> str:
    if rule_uuid is None:
        return path("/v2/organizations/{}/rules", org)
    return path("/v2/organizations/{}/rules/{}", org, rule_uuid)


def _value(value: Any) -> dict[str, str]:
    if not isinstance(value, Mapping) or not value:
        raise TypeError(
            'value must be a mapping like {"source_pipeline": ..., "target_pipeline": ...}'
        )
    return {str(k): check_str(v, f"value[{k!r}]") or "" for k, v in value.items()}


class _RulesEndpoints:
    @paginated
    def list(
        self,
        org: str,
        *,
        per_page: int | None = None,
        limit: int | None = None,
        concurrency: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[Rule]:
        """List an organization's rules.

        GET /v2/organizations/{org.slug}/rules
        """
        return api_request(
            "GET", _rule_path(org), cast=Rule, options=options, paginate="page",
            per_page=per_page, limit=limit, concurrency=concurrency,
        )  # fmt: skip

    @endpoint
    def get(self, org: str, rule_uuid: str, **options: Unpack[RequestOptions]) -> APIRequest[Rule]:
        """Get a rule.

        GET /v2/organizations/{org.slug}/rules/{uuid}
        """
        return api_request("GET", _rule_path(org, rule_uuid), cast=Rule, options=options)

    @endpoint
    def create(
        self,
        org: str,
        *,
        type: RuleType,  # the API's own name for it
        value: RuleValue,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[Rule]:
        """Create a rule, e.g. ``type="pipeline.trigger_build.pipeline"``.

        POST /v2/organizations/{org.slug}/rules

        ``value`` names the pipelines (UUID or slug): ``{"source_pipeline": ...,
        "target_pipeline": ...}``.
        """
        body = check_body({"type": type}, required=("type",))
        body["value"] = _value(value)
        return api_request("POST", _rule_path(org), cast=Rule, body=body, options=options)

    @endpoint
    def delete(
        self, org: str, rule_uuid: str, **options: Unpack[RequestOptions]
    ) -> APIRequest[None]:
        """Delete a rule.

        DELETE /v2/organizations/{org.slug}/rules/{uuid}
        """
        return api_request("DELETE", _rule_path(org, rule_uuid), options=options)


class Rules(_RulesEndpoints, SyncAPIResource):
    pass


class AsyncRules(_RulesEndpoints, AsyncAPIResource):
    pass
