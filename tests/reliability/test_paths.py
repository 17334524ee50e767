"""Whatever string a caller passes, it stays one path segment and filters stay filters.

The real resource methods build the request (their underlying functions are called directly,
so nothing is sent and 10,000 examples take a few seconds), and the pipeline turns it into the
httpx request that would go on the wire. Decoding what would be sent must give the input
back, segment for segment and filter for filter.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pybuildkite

from .conftest import free_port


def examples(n: int) -> settings:
    return settings(
        max_examples=n, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
    )


#: Every property runs twice: 1,000 examples in the default run, and 10,000 strings per
#: path parameter in the heavy run (Hypothesis itself costs ~0.5 ms an example).
MANY = examples(10_000)
FEW = examples(1_000)
REFUSED = {"", ".", ".."}

#: Any text, plus the characters that could change a route when left unescaped.
segment = st.one_of(
    st.text(),
    st.text(alphabet=st.sampled_from(list("/\\?#%&=+;.: @[]~\x00\n\r\t")) | st.characters()),
    st.sampled_from(["..", ".", "%2e%2e", "%2F", "..%2f", "a/../b", "?x=1", "#frag", "%", " "]),
)


@pytest.fixture(scope="module")
def client() -> Iterator[pybuildkite.Client]:
    # A port that refuses connections: should a refusal here ever regress, the request
    # fails locally instead of reaching the real API.
    with pybuildkite.Client(token="bkua_paths", base_url=f"http://127.0.0.1:{free_port()}") as c:
        yield c


def wire(client: pybuildkite.Client, req: Any) -> tuple[list[str], list[tuple[str, str]]]:
    """(raw path segments, decoded query pairs) of the request the pipeline would send."""
    pipeline = client._pipeline
    request = pipeline.build(pipeline.http, req, pipeline.url_for(req))
    raw = request.url.raw_path.decode("ascii")
    parts = urlsplit(raw)
    assert parts.scheme == "" and parts.netloc == "", f"path became a URL: {raw!r}"
    return parts.path.split("/")[1:], parse_qsl(parts.query, keep_blank_values=True)


def check_segments(got: list[str], template: list[str], values: dict[int, str]) -> None:
    assert len(got) == len(template), f"segment count changed: {got}"
    for i, (seg, fixed) in enumerate(zip(got, template, strict=True)):
        if i in values:
            assert unquote(seg, errors="strict") == values[i]
        else:
            assert seg == fixed


def refused(*values: str) -> bool:
    """Values the client must refuse before sending: dot segments, empty, not UTF-8."""
    return any(v in REFUSED or not _encodable(v) for v in values)


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates
        return False
    return True


def build_paths(client: pybuildkite.Client, org: str, pipeline: str) -> None:
    fn = type(client.builds).get.fn
    if refused(org, pipeline):
        with pytest.raises(ValueError):
            fn(client.builds, org, pipeline, 7)
        return
    got, query = wire(client, fn(client.builds, org, pipeline, 7))
    check_segments(
        got, ["v2", "organizations", "", "pipelines", "", "builds", "7"], {2: org, 4: pipeline}
    )
    assert query == []


build_strategies = given(org=segment, pipeline=segment)
test_build_path_segments_round_trip = FEW(build_strategies(build_paths))
test_build_path_segments_round_trip_10k = pytest.mark.heavy(MANY(build_strategies(build_paths)))


def artifact_paths(client: pybuildkite.Client, org: str, job: str, artifact: str) -> None:
    fn = type(client.artifacts).get.fn
    if refused(org, job, artifact):
        with pytest.raises(ValueError):
            fn(client.artifacts, org, job, artifact)
        return
    got, _ = wire(client, fn(client.artifacts, org, job, artifact))
    check_segments(
        got,
        ["v2", "organizations", "", "jobs", "", "artifacts", ""],
        {2: org, 4: job, 6: artifact},
    )


artifact_strategies = given(org=segment, job=segment, artifact=segment)
test_artifact_path_segments_round_trip = FEW(artifact_strategies(artifact_paths))
test_artifact_path_segments_round_trip_10k = pytest.mark.heavy(
    MANY(artifact_strategies(artifact_paths))
)


#: Filter values: anything non-empty (empty filters are refused, see test_bad_input).
value = st.text(min_size=1)


def build_filters(
    client: pybuildkite.Client, branch: str, commit: str, creator: str, meta: str
) -> None:
    fn = type(client.builds).list.fn
    req = fn(
        client.builds, "acme", "app", branch=branch, commit=[commit, branch], creator=creator,
        meta_data={"key": meta},
    )  # fmt: skip
    got, query = wire(client, req)
    assert got == ["v2", "organizations", "acme", "pipelines", "app", "builds"]
    assert sorted(query) == sorted(
        [
            ("branch[]", branch),
            ("commit[]", commit),
            ("commit[]", branch),
            ("creator", creator),
            ("meta_data[key]", meta),
            ("per_page", "100"),
        ]
    )


filter_strategies = given(branch=value, commit=value, creator=value, meta=value)
test_build_filters_reach_the_query_untouched = FEW(filter_strategies(build_filters))
test_build_filters_reach_the_query_untouched_10k = pytest.mark.heavy(
    MANY(filter_strategies(build_filters))
)


def other_groups(client: pybuildkite.Client, org: str, slug: str) -> None:
    # Two more groups, so a resource that forgot path() would be caught as well.
    for resource, template in (
        (client.pipelines, ["v2", "organizations", "", "pipelines", ""]),
        (client.clusters, ["v2", "organizations", "", "clusters", ""]),
    ):
        fn = type(resource).get.fn
        if refused(org, slug):
            with pytest.raises(ValueError):
                fn(resource, org, slug)
            continue
        got, _ = wire(client, fn(resource, org, slug))
        check_segments(got, template, {2: org, 4: slug})


group_strategies = given(org=segment, slug=segment)
test_pipeline_and_cluster_paths_round_trip = FEW(group_strategies(other_groups))
test_pipeline_and_cluster_paths_round_trip_10k = pytest.mark.heavy(
    MANY(group_strategies(other_groups))
)


@pytest.mark.parametrize("bad", ["", ".", ".."])
def test_dot_segments_are_refused_for_every_parameter(client: pybuildkite.Client, bad: str) -> None:
    calls = [
        lambda: client.builds.get(bad, "app", 1),
        lambda: client.builds.get("acme", bad, 1),
        lambda: client.builds.list(bad),
        lambda: client.builds.list("acme", bad),
        lambda: client.pipelines.get("acme", bad),
        lambda: client.artifacts.get("acme", bad, "a1"),
        lambda: client.artifacts.get("acme", "j1", bad),
        lambda: client.jobs.log("acme", bad),
        lambda: client.jobs.log("acme", "j1", pipeline=bad, build=1),
        lambda: client.organizations.get(bad),
    ]
    for call in calls:
        with pytest.raises(ValueError, match="must not be"):
            call()  # refused while building the request: nothing is sent
