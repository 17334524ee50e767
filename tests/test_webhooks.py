"""Webhook verification (both delivery modes) and typed events."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import pickle
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import pybuildkite
from pybuildkite.types.agents import Agent
from pybuildkite.types.builds import Build
from pybuildkite.types.jobs import Job
from pybuildkite.types.pipelines import Pipeline
from pybuildkite.webhooks import (
    AgentEvent,
    BuildEvent,
    ClusterTokenEvent,
    JobEvent,
    PackageEvent,
    PingEvent,
    UnknownEvent,
    WebhookVerificationError,
    sign,
    verify,
)

SECRET = "whsec_canary_5f3b9a0c1d2e"
NOW = 1_700_000_000
SENDER = {"id": "8a7693f8-dbae-4783-9137-84090fce9045", "name": "Some Person"}
PIPELINE = {
    "id": "849411f9-9e6d-4739-a0d8-e247088e9b52",
    "slug": "my-pipeline",
    "name": "My Pipeline",
    "created_at": "2013-09-03 13:24:38 UTC",
}
BUILD = {
    "id": "f62a1b4d-10f9-4790-bc1c-e2c3a0c80983",
    "number": 42,
    "state": "passed",
    "blocked": False,
    "branch": "main",
    "created_at": "2015-05-09 21:05:59 UTC",
    "finished_at": "2015-05-09 21:06:59 UTC",
}
JOB = {"id": "b63254c0-3271-4a98-8270-7cfbd6c2f14e", "type": "script", "state": "passed"}
AGENT = {
    "id": "0b461f65-e7be-4c80-888a-ef11d81fd971",
    "name": "my-agent",
    "connection_state": "lost",
}


def payload(event: str, **resources: Any) -> bytes:
    return json.dumps({"event": event, **resources, "sender": SENDER}).encode()


def signed(body: bytes, timestamp: int = NOW, secret: str = SECRET) -> dict[str, str]:
    return sign(body, secret, timestamp)


def rejected(body: bytes, headers: Any, **kw: Any) -> str:
    kw.setdefault("now", NOW)
    with pytest.raises(WebhookVerificationError) as info:
        verify(body, headers, SECRET, **kw)
    assert SECRET not in str(info.value)
    return info.value.reason


BUILD_BODY = payload("build.finished", build=BUILD, pipeline=PIPELINE)


# -- signature mode ---------------------------------------------------------------------------


def test_sign_matches_the_documented_construction() -> None:
    headers = signed(BUILD_BODY)
    expected = hmac.new(SECRET.encode(), f"{NOW}.".encode() + BUILD_BODY, hashlib.sha256)
    assert headers["X-Buildkite-Signature"] == f"timestamp={NOW},signature={expected.hexdigest()}"
    assert headers["X-Buildkite-Event"] == "build.finished"


def test_signature_mode_verifies_and_types_the_event() -> None:
    event = verify(BUILD_BODY, signed(BUILD_BODY), SECRET, now=NOW)
    assert isinstance(event, BuildEvent)
    assert event.event == "build.finished"
    assert isinstance(event.build, Build) and event.build.number == 42
    assert isinstance(event.pipeline, Pipeline) and event.pipeline.slug == "my-pipeline"
    # Webhook timestamps use "YYYY-MM-DD HH:MM:SS UTC".
    assert event.build.created_at == dt.datetime(2015, 5, 9, 21, 5, 59, tzinfo=dt.UTC)
    assert event.pipeline.created_at == dt.datetime(2013, 9, 3, 13, 24, 38, tzinfo=dt.UTC)
    assert event.sender is not None and event.sender.name == "Some Person"


def test_headers_are_matched_case_insensitively_and_as_pairs() -> None:
    lower = {k.lower(): v for k, v in signed(BUILD_BODY).items()}
    assert verify(BUILD_BODY, lower, SECRET, now=NOW).event == "build.finished"
    pairs = list(signed(BUILD_BODY).items())
    assert verify(BUILD_BODY, pairs, SECRET, now=NOW).event == "build.finished"


def test_uppercase_hex_and_spaces_after_commas_are_accepted() -> None:
    headers = signed(BUILD_BODY)
    ts, sig = headers["X-Buildkite-Signature"].split(",")
    headers["X-Buildkite-Signature"] = f"{ts}, signature={sig.split('=')[1].upper()}"
    assert verify(BUILD_BODY, headers, SECRET, now=NOW).event == "build.finished"


@pytest.mark.parametrize("skew", [0, 300, -300])
def test_timestamps_within_tolerance_pass(skew: int) -> None:
    assert verify(BUILD_BODY, signed(BUILD_BODY, NOW + skew), SECRET, now=NOW)


def test_old_timestamp_is_rejected() -> None:
    assert "old" in rejected(BUILD_BODY, signed(BUILD_BODY, NOW - 301))


def test_future_timestamp_is_rejected() -> None:
    assert "future" in rejected(BUILD_BODY, signed(BUILD_BODY, NOW + 301))


def test_tolerance_is_configurable() -> None:
    headers = signed(BUILD_BODY, NOW - 30)
    assert "old" in rejected(BUILD_BODY, headers, tolerance=10)
    assert verify(BUILD_BODY, headers, SECRET, now=NOW, tolerance=60)


def test_tampered_body_is_rejected() -> None:
    headers = signed(BUILD_BODY)
    tampered = BUILD_BODY.replace(b'"passed"', b'"failed"')
    assert "does not match" in rejected(tampered, headers)


def test_wrong_secret_is_rejected() -> None:
    headers = signed(BUILD_BODY, secret="someone-elses-secret")
    assert "does not match" in rejected(BUILD_BODY, headers)


def test_changed_timestamp_breaks_the_mac() -> None:
    headers = signed(BUILD_BODY)
    headers["X-Buildkite-Signature"] = headers["X-Buildkite-Signature"].replace(
        f"timestamp={NOW}", f"timestamp={NOW + 1}"
    )
    assert "does not match" in rejected(BUILD_BODY, headers)


def test_a_bad_mac_is_reported_before_a_stale_timestamp() -> None:
    # Without the secret, a sender learns nothing about the receiver's clock.
    headers = signed(BUILD_BODY, NOW - 10_000, secret="wrong")
    assert "does not match" in rejected(BUILD_BODY, headers)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("", "malformed"),
        ("timestamp", "malformed"),
        ("=1700000000", "malformed"),
        ("timestamp=1700000000,", "malformed"),
        ("signature=" + "a" * 64, "no timestamp"),
        (f"timestamp={NOW}", "no signature"),
        (f"timestamp={NOW},timestamp={NOW},signature=" + "a" * 64, "duplicate"),
        (f"timestamp={NOW},signature={'a' * 64},signature={'b' * 64}", "duplicate"),
        (f"timestamp=-5,signature={'a' * 64}", "not a Unix time"),
        (f"timestamp=1.5,signature={'a' * 64}", "not a Unix time"),
        (f"timestamp=١٢٣,signature={'a' * 64}", "not a Unix time"),
        (f"timestamp={NOW},signature={'g' * 64}", "not a hex"),
        (f"timestamp={NOW},signature={'a' * 63}", "not a hex"),
        (f"timestamp={NOW},signature=", "not a hex"),
    ],
)
def test_malformed_signature_headers_are_rejected(value: str, reason: str) -> None:
    headers = {"X-Buildkite-Signature": value, "X-Buildkite-Event": "build.finished"}
    assert reason in rejected(BUILD_BODY, headers)


def test_a_header_sent_twice_with_different_values_is_rejected() -> None:
    good = signed(BUILD_BODY)
    pairs = [*good.items(), ("x-buildkite-signature", f"timestamp={NOW},signature={'0' * 64}")]
    assert "more than once" in rejected(BUILD_BODY, pairs)


def test_unknown_signature_fields_do_not_count() -> None:
    headers = signed(BUILD_BODY)
    headers["X-Buildkite-Signature"] += ",v2=whatever"
    assert verify(BUILD_BODY, headers, SECRET, now=NOW)


# -- token mode -------------------------------------------------------------------------------


def test_token_mode_verifies() -> None:
    headers = {"X-Buildkite-Token": SECRET, "X-Buildkite-Event": "build.finished"}
    assert isinstance(verify(BUILD_BODY, headers, SECRET), BuildEvent)


def test_wrong_token_is_rejected_without_echoing_either_value() -> None:
    headers = {"X-Buildkite-Token": "guess-123", "X-Buildkite-Event": "build.finished"}
    reason = rejected(BUILD_BODY, headers)
    assert "does not match" in reason and "guess-123" not in reason


def test_no_credentials_at_all_is_rejected() -> None:
    assert "neither" in rejected(BUILD_BODY, {"X-Buildkite-Event": "build.finished"})


def test_signature_takes_precedence_over_a_token() -> None:
    headers = {**signed(BUILD_BODY, secret="wrong"), "X-Buildkite-Token": SECRET}
    assert "signature does not match" in rejected(BUILD_BODY, headers)


# -- payload checks ---------------------------------------------------------------------------


def test_event_header_must_match_the_body() -> None:
    headers = signed(BUILD_BODY)
    headers["X-Buildkite-Event"] = "build.running"
    assert "does not match the body" in rejected(BUILD_BODY, headers)


def test_event_header_is_required() -> None:
    headers = signed(BUILD_BODY)
    del headers["X-Buildkite-Event"]
    assert "missing" in rejected(BUILD_BODY, headers)


@pytest.mark.parametrize(
    ("body", "reason"),
    [(b"not json", "not JSON"), (b"[1, 2]", "not a JSON object"), (b"{}", "no event")],
)
def test_authentic_but_malformed_bodies_are_rejected(body: bytes, reason: str) -> None:
    headers = {**signed(body), "X-Buildkite-Event": "build.finished"}
    assert reason in rejected(body, headers)


def test_a_payload_missing_its_resources_is_rejected() -> None:
    body = payload("build.finished", pipeline=PIPELINE)
    assert "build" in rejected(body, signed(body))


def test_secret_is_never_shown() -> None:
    headers = {"X-Buildkite-Token": SECRET + "x", "X-Buildkite-Event": "ping"}
    with pytest.raises(WebhookVerificationError) as info:
        verify(b"{}", headers, SECRET)
    err = info.value
    assert isinstance(err, pybuildkite.BuildkiteError)
    for text in (str(err), repr(err), err.reason, repr(pickle.loads(pickle.dumps(err)))):
        assert SECRET not in text


def test_misuse_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="empty"):
        verify(BUILD_BODY, signed(BUILD_BODY), "")
    with pytest.raises(TypeError, match="raw request bytes"):
        verify(BUILD_BODY.decode(), signed(BUILD_BODY), SECRET)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="tolerance"):
        verify(BUILD_BODY, signed(BUILD_BODY), SECRET, tolerance=-1)


# -- event typing -----------------------------------------------------------------------------


def roundtrip(body: bytes) -> Any:
    return verify(body, signed(body), SECRET, now=NOW)


@pytest.mark.parametrize(
    "name", ["build.scheduled", "build.running", "build.failing", "build.finished", "build.skipped"]
)
def test_build_events(name: str) -> None:
    event = roundtrip(payload(name, build=BUILD, pipeline=PIPELINE))
    assert isinstance(event, BuildEvent) and event.event == name and event.build.id == BUILD["id"]


@pytest.mark.parametrize("name", ["job.scheduled", "job.started", "job.finished", "job.activated"])
def test_job_events(name: str) -> None:
    event = roundtrip(payload(name, job=JOB, build=BUILD, pipeline=PIPELINE))
    assert isinstance(event, JobEvent)
    assert isinstance(event.job, Job) and event.job.id == JOB["id"]
    assert event.build.number == 42 and event.pipeline.slug == "my-pipeline"


@pytest.mark.parametrize("name", ["agent.connected", "agent.lost", "agent.stopped"])
def test_agent_events(name: str) -> None:
    event = roundtrip(payload(name, agent=AGENT))
    assert isinstance(event, AgentEvent)
    assert isinstance(event.agent, Agent) and event.agent.connection_state == "lost"


def test_ping() -> None:
    service = {"id": "c9f8372d", "provider": "webhook", "settings": {"url": "https://example.com"}}
    org = {"id": "d0c4a4a8", "slug": "acme", "name": "Acme"}
    event = roundtrip(payload("ping", service=service, organization=org))
    assert isinstance(event, PingEvent)
    assert event.service.settings == {"url": "https://example.com"}
    assert event.organization.slug == "acme"


def test_cluster_token_event() -> None:
    token = {"id": "4d3c", "description": "CI", "created_at": "2024-01-02 03:04:05 UTC"}
    event = roundtrip(
        payload(
            "cluster_token.registration_blocked", blocked_ip="202.188.43.20", cluster_token=token
        )
    )
    assert isinstance(event, ClusterTokenEvent)
    assert event.blocked_ip == "202.188.43.20" and event.cluster_token.description == "CI"
    assert event.cluster_token.created_at == dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.UTC)


def test_package_event() -> None:
    package = {"id": "0191e23a", "name": "left-pad", "registry": {"slug": "js"}}
    event = roundtrip(payload("package.created", package=package))
    assert isinstance(event, PackageEvent)
    assert event.package.name == "left-pad" and event.package.registry == {"slug": "js"}


def test_unknown_events_keep_the_raw_payload() -> None:
    body = payload("test_engine.alarm", monitor={"id": "m1"})
    event = roundtrip(body)
    assert isinstance(event, UnknownEvent)
    assert event.event == "test_engine.alarm"
    assert event.raw == json.loads(body)
    assert event.sender is not None and event.sender.id == SENDER["id"]


def test_unknown_fields_are_kept() -> None:
    event = roundtrip(payload("build.finished", build={**BUILD, "new": 1}, pipeline=PIPELINE))
    assert event.build.model_extra == {"new": 1}


# -- properties -------------------------------------------------------------------------------

bodies = st.dictionaries(st.text(max_size=8), st.text(max_size=16), max_size=4).map(
    lambda extra: json.dumps({**extra, "event": "ping.custom"}).encode()
)
secrets = st.text(min_size=1, max_size=40).filter(lambda s: "\x00" not in s)
timestamps = st.integers(min_value=0, max_value=10**11)


@given(body=bodies, secret=secrets, timestamp=timestamps)
def test_sign_then_verify_round_trips(body: bytes, secret: str, timestamp: int) -> None:
    event = verify(body, sign(body, secret, timestamp), secret, now=timestamp)
    assert event.event == json.loads(body)["event"]


@given(body=bodies, timestamp=timestamps, data=st.data())
def test_any_single_byte_change_fails(body: bytes, timestamp: int, data: st.DataObject) -> None:
    headers = sign(body, SECRET, timestamp)
    index = data.draw(st.integers(min_value=0, max_value=len(body) - 1))
    delta = data.draw(st.integers(min_value=1, max_value=255))
    changed = bytearray(body)
    changed[index] = (changed[index] + delta) % 256
    with pytest.raises(WebhookVerificationError, match="does not match"):
        verify(bytes(changed), headers, SECRET, now=timestamp)


@given(timestamp=timestamps, data=st.data())
def test_any_single_character_change_in_the_signature_fails(
    timestamp: int, data: st.DataObject
) -> None:
    headers = sign(BUILD_BODY, SECRET, timestamp)
    value = headers["X-Buildkite-Signature"]
    start = value.index("signature=") + len("signature=")
    index = data.draw(st.integers(min_value=start, max_value=len(value) - 1))
    replacement = data.draw(st.sampled_from("0123456789abcdef").filter(lambda c: c != value[index]))
    headers["X-Buildkite-Signature"] = value[:index] + replacement + value[index + 1 :]
    with pytest.raises(WebhookVerificationError, match="does not match"):
        verify(BUILD_BODY, headers, SECRET, now=timestamp)


# -- the documented receiver ------------------------------------------------------------------


def test_the_example_receiver_accepts_genuine_deliveries_only() -> None:
    import importlib.util
    import threading
    from pathlib import Path

    import httpx

    path = Path(__file__).resolve().parents[1] / "docs" / "webhook_receiver.py"
    spec = importlib.util.spec_from_file_location("webhook_receiver", path)
    assert spec is not None and spec.loader is not None
    receiver = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(receiver)

    server = receiver.make_server(SECRET, port=0)
    server.RequestHandlerClass.log_message = lambda *args: None  # keep test output quiet
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        good = httpx.post(url, content=BUILD_BODY, headers=sign(BUILD_BODY, SECRET))
        forged = httpx.post(url, content=BUILD_BODY, headers=sign(BUILD_BODY, "not-the-secret"))
        token = httpx.post(
            url,
            content=BUILD_BODY,
            headers={"X-Buildkite-Token": SECRET, "X-Buildkite-Event": "build.finished"},
        )
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
    assert (good.status_code, forged.status_code, token.status_code) == (204, 401, 204)
