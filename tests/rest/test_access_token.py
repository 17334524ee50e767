"""The current access token: inspect it, revoke it."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pytest

import pybuildkite
from pybuildkite.types.access_token import AccessToken


def test_get_parses_the_utc_text_timestamps(
    buildkite_emulator: Any, buildkite_client: pybuildkite.Client, wire: Any
) -> None:
    token = buildkite_client.access_token.get()
    assert wire() == ("GET", "/v2/access-token", Counter(), None)
    assert isinstance(token, AccessToken)
    assert token.uuid and "read_builds" in token.scopes
    assert token.description == "Emulator token"
    # The API writes these as "YYYY-MM-DD HH:MM:SS UTC", not ISO 8601.
    assert isinstance(token.created_at, dt.datetime) and token.created_at.tzinfo is not None
    assert token.expires_at is not None
    assert token.expires_at - token.created_at == dt.timedelta(days=7)
    assert token.user is not None and token.user.email == "ada@example.com"


def test_revoke_makes_the_token_useless(
    buildkite_emulator: Any, buildkite_client: pybuildkite.Client, wire: Any
) -> None:
    assert buildkite_client.access_token.revoke() is None
    assert wire() == ("DELETE", "/v2/access-token", Counter(), None)
    assert buildkite_emulator.requests[-1].status == 204
    with pytest.raises(pybuildkite.AuthenticationError):
        buildkite_client.access_token.get()


def test_a_scoped_token_reports_its_scopes(buildkite_emulator: Any) -> None:
    value = buildkite_emulator.create_token(["read_builds"], description="CI")
    with pybuildkite.Client(token=value, base_url=buildkite_emulator.url) as client:
        token = client.access_token.get()
    assert (token.scopes, token.description) == (["read_builds"], "CI")


async def test_async_get_and_revoke(async_buildkite_client: pybuildkite.AsyncClient) -> None:
    assert (await async_buildkite_client.access_token.get()).uuid
    await async_buildkite_client.access_token.revoke()
    with pytest.raises(pybuildkite.AuthenticationError):
        await async_buildkite_client.access_token.get()
