"""Test Engine execution tags: replace the mutable (``mut.*``) tags of test executions.

Rate limited to one request a minute by default, so batch executions into one call.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Unpack

from .._encoding import path
from .._request import APIRequest, api_request
from .._resource import AsyncAPIResource, SyncAPIResource, endpoint
from .._types import RequestOptions
from .._validate import check_str

__all__ = ["AsyncTestEngineExecutionTags", "TestEngineExecutionTags"]

_MAX_EXECUTIONS = 100_000
_MAX_TAGS = 10
_PREFIX = "mut."


def _executions(executions: object) -> list[dict[str, object]]:
    if not isinstance(executions, Mapping):
        raise TypeError("executions must be a mapping of execution UUID to its tags")
    if not executions:
        raise ValueError("executions must name at least one execution")
    if len(executions) > _MAX_EXECUTIONS:
        raise ValueError(f"at most {_MAX_EXECUTIONS:,} executions per request")
    out: list[dict[str, object]] = []
    for execution_id, tags in executions.items():
        check_str(execution_id, "execution id")
        if not isinstance(tags, Mapping):
            raise TypeError(f"tags of execution {execution_id!r} must be a mapping of str to str")
        if len(tags) > _MAX_TAGS:
            raise ValueError(f"at most {_MAX_TAGS} mutable tags per execution ({execution_id!r})")
        for key, value in tags.items():
            if not isinstance(key, str) or not key.startswith(_PREFIX) or key == _PREFIX:
                raise ValueError(f"execution tag keys must start with 'mut.', got {key!r}")
            check_str(value, f"tag {key!r}", allow_empty=True)
        out.append({"id": execution_id, "tags": dict(tags)})
    return out


class _TestEngineExecutionTagsEndpoints:
    @endpoint
    def update(
        self,
        org: str,
        suite: str,
        *,
        executions: Mapping[str, Mapping[str, str]],
        **options: Unpack[RequestOptions],
    ) -> APIRequest[None]:
        """Replace the mutable tags of test executions.

        PUT /v2/analytics/organizations/{org.slug}/suites/{suite.slug}/execution-tags

        ``executions`` maps execution UUIDs to their new tags (keys start with ``mut.``, at
        most 10 each); ``{}`` clears an execution's tags.
        """
        return api_request(
            "PUT", path("/v2/analytics/organizations/{}/suites/{}/execution-tags", org, suite),
            body={"executions": _executions(executions)}, options=options,
        )  # fmt: skip


class TestEngineExecutionTags(_TestEngineExecutionTagsEndpoints, SyncAPIResource):
    pass


class AsyncTestEngineExecutionTags(_TestEngineExecutionTagsEndpoints, AsyncAPIResource):
    pass
