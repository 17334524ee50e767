"""The token's user."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pybuildkite
from pybuildkite.types.shared import User


def test_get_user(buildkite_emulator: Any, buildkite_client: pybuildkite.Client, wire: Any) -> None:
    user = buildkite_client.user.get()
    assert wire() == ("GET", "/v2/user", Counter(), None)
    assert isinstance(user, User)
    assert (user.id, user.name, user.email) == (
        buildkite_emulator.user_id, "Ada Lovelace", "ada@example.com",
    )  # fmt: skip
    assert user.graphql_id and user.avatar_url
    assert isinstance(user.created_at, dt.datetime)


def test_another_users_token(buildkite_emulator: Any) -> None:
    grace = buildkite_emulator.add_user("Grace Hopper")
    value = buildkite_emulator.create_token(user=grace)
    with pybuildkite.Client(token=value, base_url=buildkite_emulator.url) as client:
        assert client.user.get().id == grace


async def test_async_get_user(
    buildkite_emulator: Any, async_buildkite_client: pybuildkite.AsyncClient
) -> None:
    assert (await async_buildkite_client.user.get()).id == buildkite_emulator.user_id
