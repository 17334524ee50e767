"""Emojis: an organization's emojis, custom ones included."""

from __future__ import annotations

from typing import Unpack

from .._encoding import path
from .._request import APIRequest, api_request
from .._resource import AsyncAPIResource, SyncAPIResource, endpoint
from .._types import RequestOptions
from ..types.emojis import Emoji

__all__ = ["AsyncEmojis", "Emojis"]


class _EmojisEndpoints:
    @endpoint
    def list(self, org: str, **options: Unpack[RequestOptions]) -> APIRequest[list[Emoji]]:
        """List an organization's emojis (one response: the listing is not paginated).

        GET /v2/organizations/{org.slug}/emojis
        """
        return api_request(
            "GET", path("/v2/organizations/{}/emojis", org), cast=list[Emoji], options=options
        )


class Emojis(_EmojisEndpoints, SyncAPIResource):
    pass


class AsyncEmojis(_EmojisEndpoints, AsyncAPIResource):
    pass
