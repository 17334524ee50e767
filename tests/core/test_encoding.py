"""Path and query encoding: one helper each, tested directly."""

from __future__ import annotations

import datetime as dt

import pytest

from pybuildkite._encoding import encode_body, encode_query, format_datetime, path, query_string
from pybuildkite._types import NOT_GIVEN


@pytest.mark.parametrize(
    ("value", "encoded"),
    [
        ("main", "main"),
        ("fix/#12 ci", "fix%2F%2312%20ci"),
        ("a?b", "a%3Fb"),
        ("100%", "100%25"),
        ("a+b", "a%2Bb"),
        ("ünï", "%C3%BCn%C3%AF"),
        ("...", "..."),
        (42, "42"),
    ],
)
def test_path_segments_are_percent_encoded(value: object, encoded: str) -> None:
    assert path("/v2/organizations/{}/x", value) == f"/v2/organizations/{encoded}/x"


@pytest.mark.parametrize("bad", ["", ".", ".."])
def test_path_refuses_empty_and_dot_segments(bad: str) -> None:
    with pytest.raises(ValueError, match="must not be"):
        path("/v2/organizations/{}", bad)


@pytest.mark.parametrize("bad", [None, 1.5, True, b"x", ["a"]])
def test_path_refuses_wrong_types(bad: object) -> None:
    with pytest.raises(TypeError):
        path("/v2/organizations/{}", bad)


def test_path_refuses_lone_surrogates() -> None:
    with pytest.raises(ValueError, match="UTF-8"):
        path("/v2/organizations/{}", "\ud800")


def test_query_rails_arrays_hashes_booleans_and_dates() -> None:
    when = dt.datetime(2025, 1, 8, 23, 22, 5, tzinfo=dt.timezone(dt.timedelta(hours=10)))
    pairs = encode_query(
        {
            "state": ["running", "scheduled"],
            "branch[]": ["main"],
            "meta_data": {"release": "v1 2"},
            "exclude_jobs": True,
            "include_retried_jobs": False,
            "created_from": when,
            "page": 2,
            "skip": None,
            "gone": NOT_GIVEN,
        }
    )
    assert pairs == [
        ("state[]", "running"),
        ("state[]", "scheduled"),
        ("branch[]", "main"),
        ("meta_data[release]", "v1 2"),
        ("exclude_jobs", "true"),
        ("include_retried_jobs", "false"),
        ("created_from", "2025-01-08T13:22:05Z"),
        ("page", "2"),
    ]
    assert query_string(pairs[:4]) == (
        "state[]=running&state[]=scheduled&branch[]=main&meta_data[release]=v1%202"
    )


def test_query_values_never_break_out() -> None:
    assert query_string([("branch[]", "a&b=c#d")]) == "branch[]=a%26b%3Dc%23d"


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        encode_query({"created_from": dt.datetime(2025, 1, 1)})


def test_datetime_keeps_milliseconds_in_utc() -> None:
    value = dt.datetime(2025, 1, 1, 12, 0, 0, 123456, tzinfo=dt.UTC)
    assert format_datetime(value) == "2025-01-01T12:00:00.123Z"


def test_query_refuses_unencodable_types() -> None:
    with pytest.raises(TypeError, match="cannot be a"):
        encode_query({"x": object()})


def test_body_distinguishes_not_given_none_and_false() -> None:
    body = encode_body({"name": NOT_GIVEN, "description": None, "allow_rebuilds": False})
    assert body == b'{"description":null,"allow_rebuilds":false}'
