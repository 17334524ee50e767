"""Webhook deliveries to a real receiver on 127.0.0.1, checked with pybuildkite.webhooks."""

from __future__ import annotations

import http.server
import json
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from pybuildkite import webhooks
from pybuildkite.testing import Emulator

from .conftest import FAILING_YAML

SERVICES = "/v2/organizations/acme/services"
WEBHOOK_TIME = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC")


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def event(self) -> str:
        return self.headers.get("X-Buildkite-Event", "")


@dataclass
class Receiver:
    url: str
    got: list[Received] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)

    def events(self) -> list[str]:
        return [r.event for r in self.got]


def _serve(hang: bool = False) -> tuple[Receiver, http.server.ThreadingHTTPServer]:
    receiver = Receiver(url="")

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            if hang:
                receiver.release.wait(30)  # a receiver that never answers in time
            receiver.got.append(Received(self.path, dict(self.headers.items()), body))
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    # A short poll interval keeps shutdown() (which waits for one poll) quick.
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    return receiver, server


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    rec, server = _serve()
    yield rec
    server.shutdown()
    server.server_close()


def _service(api: httpx.Client, url: str, **fields: Any) -> dict[str, Any]:
    settings = {"url": url, **fields.pop("settings", {})}
    r = api.post(SERVICES, json={"provider": "webhook", "settings": settings, **fields})
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


def _run_build(emu: Emulator, api: httpx.Client, slug: str, branch: str = "main") -> int:
    r = api.post(
        f"/v2/organizations/acme/pipelines/{slug}/builds",
        json={"commit": "abc123", "branch": branch},
    )
    assert r.status_code == 201
    emu.run_agents()
    return int(r.json()["number"])


BUILD_EVENTS = [
    "build.scheduled",
    "job.scheduled",
    "build.running",
    "job.started",
    "job.finished",
    "build.finished",
]


@pytest.mark.parametrize("mode", ["token", "signature"])
def test_build_and_job_events_arrive_in_order_and_verify(
    emu: Emulator, api: httpx.Client, receiver: Receiver, mode: str
) -> None:
    svc = _service(api, receiver.url, settings={"token_mode": mode})
    secret = svc["settings"]["token"]
    slug = emu.add_pipeline(name="Hooks")
    number = _run_build(emu, api, slug)
    assert emu.wait_for_webhooks(5)
    assert receiver.events() == ["ping", *BUILD_EVENTS]

    events = [webhooks.verify(r.body, r.headers, secret) for r in receiver.got]
    ping = events[0]
    assert isinstance(ping, webhooks.PingEvent)
    assert ping.service.id == svc["id"] and ping.service.settings == {"url": receiver.url}
    assert ping.organization.slug == "acme"
    for event in events[1:]:
        expected = webhooks.BuildEvent if event.event.startswith("build.") else webhooks.JobEvent
        assert type(event) is expected
        assert isinstance(event, webhooks.BuildEvent | webhooks.JobEvent)
        assert event.build.number == number and event.pipeline.slug == slug
        assert event.sender is not None and event.sender.id == emu.user_id
    # Each payload shows the state that caused it.
    builds = [e for e in events if isinstance(e, webhooks.BuildEvent)]
    assert [e.build.state for e in builds] == ["scheduled", "running", "passed"]
    jobs = [e for e in events if isinstance(e, webhooks.JobEvent)]
    assert [e.job.state for e in jobs] == ["scheduled", "running", "passed"]

    for r in receiver.got:
        assert r.path == "/hook"
        assert r.headers["Content-Type"] == "application/json"
        if mode == "token":
            assert r.headers["X-Buildkite-Token"] == secret
            assert "X-Buildkite-Signature" not in r.headers
        else:
            assert "X-Buildkite-Token" not in r.headers
            assert re.fullmatch(
                r"timestamp=\d+,signature=[0-9a-f]{64}", r.headers["X-Buildkite-Signature"]
            )
            with pytest.raises(webhooks.WebhookVerificationError):
                webhooks.verify(r.body, r.headers, "not-the-secret")
    finished = json.loads(receiver.got[-1].body)
    assert set(finished) == {"event", "build", "pipeline", "sender"}
    assert "jobs" not in finished["build"]
    assert WEBHOOK_TIME.fullmatch(finished["build"]["finished_at"])
    assert WEBHOOK_TIME.fullmatch(finished["pipeline"]["created_at"])
    job = json.loads(receiver.got[5].body)
    assert set(job) == {"event", "job", "build", "pipeline", "sender"}
    assert WEBHOOK_TIME.fullmatch(job["job"]["started_at"])

    deliveries = emu.webhook_deliveries
    assert [(d.event, d.status, d.error) for d in deliveries] == [
        (e, 200, None) for e in ["ping", *BUILD_EVENTS]
    ]
    assert {d.url for d in deliveries} == {receiver.url}
    assert emu.service_deliveries(svc["id"]) == deliveries


def test_filters_and_disabled_services(
    emu: Emulator, api: httpx.Client, receiver: Receiver
) -> None:
    other, other_server = _serve()
    try:
        failed_only = _service(
            api,
            receiver.url + "/failed",
            settings={"events": ["build.finished"]},
            build_states={"build_failed": True},
        )
        main_only = _service(api, other.url, branch_configuration="main release/*")
        off = _service(api, receiver.url + "/off")
        assert api.put(f"{SERVICES}/{off['id']}/disable").status_code == 200
        passing = emu.add_pipeline(name="Green")
        failing = emu.add_pipeline(name="Red", configuration=FAILING_YAML)
        _run_build(emu, api, passing)
        red = _run_build(emu, api, failing)
        _run_build(emu, api, passing, branch="feature/x")
        assert emu.wait_for_webhooks(5)

        mine = [r for r in receiver.got if r.path == "/hook/failed"]
        assert [r.event for r in mine] == ["ping", "build.finished"]
        event = webhooks.verify(mine[1].body, mine[1].headers, failed_only["settings"]["token"])
        assert isinstance(event, webhooks.BuildEvent)
        assert (event.pipeline.slug, event.build.number, event.build.state) == (
            failing,
            red,
            "failed",
        )
        # A disabled service gets nothing beyond the ping from when it was created.
        assert [r.event for r in receiver.got if r.path == "/hook/off"] == ["ping"]
        # The branch filter: the feature branch's build is not announced.
        secret = main_only["settings"]["token"]
        seen = [webhooks.verify(r.body, r.headers, secret) for r in other.got]
        branches = {e.build.branch for e in seen if isinstance(e, webhooks.BuildEvent)}
        assert branches == {"main"}

        # Enabling a service pings it, and from then on it receives events.
        assert api.put(f"{SERVICES}/{off['id']}/enable").status_code == 200
        _run_build(emu, api, passing)
        assert emu.wait_for_webhooks(5)
        offs = [r.event for r in receiver.got if r.path == "/hook/off"]
        assert offs == ["ping", "ping", *BUILD_EVENTS]
    finally:
        other_server.shutdown()
        other_server.server_close()


def test_agent_events(emu: Emulator, api: httpx.Client, receiver: Receiver) -> None:
    # A new webhook wants build and job events; agent events are asked for by name.
    svc = _service(api, receiver.url, settings={"events": ["agent.connected", "agent.stopped"]})
    agent_id = emu.add_agent(name="hook-agent")
    assert api.put(f"/v2/organizations/acme/agents/{agent_id}/stop", json={}).status_code == 204
    assert emu.wait_for_webhooks(5)
    assert receiver.events() == ["ping", "agent.connected", "agent.stopped"]
    events = [webhooks.verify(r.body, r.headers, svc["settings"]["token"]) for r in receiver.got]
    for event, state in zip(events[1:], ["connected", "stopped"], strict=True):
        assert isinstance(event, webhooks.AgentEvent)
        assert event.agent.id == agent_id and event.agent.connection_state == state
    payload = json.loads(receiver.got[1].body)
    assert set(payload) == {"event", "agent", "sender"}


def test_history_keeps_the_last_twenty_per_service(
    emu: Emulator, api: httpx.Client, receiver: Receiver
) -> None:
    svc = _service(api, receiver.url)
    slug = emu.add_pipeline(name="Busy")
    for _ in range(4):  # 1 ping + 4 x 6 events = 25 deliveries
        _run_build(emu, api, slug)
    assert emu.wait_for_webhooks(5)
    assert len(receiver.got) == 25
    kept = emu.service_deliveries(svc["id"])
    assert len(kept) == 20
    assert [d.event for d in kept] == [r.event for r in receiver.got[5:]]
    emu.reset()
    assert emu.webhook_deliveries == []


def test_a_hanging_receiver_does_not_slow_the_emulator() -> None:
    hanging, hang_server = _serve(hang=True)
    good, good_server = _serve()
    try:
        with (
            Emulator(webhook_timeout=0.3) as emu,
            httpx.Client(
                base_url=emu.url, headers={"Authorization": f"Bearer {emu.token}"}, timeout=10
            ) as api,
        ):
            _service(api, hanging.url)
            _service(api, good.url)
            config = "steps:\n" + "".join(f"  - command: echo {i}\n" for i in range(10))
            slug = emu.add_pipeline(name="Slow", configuration=config)
            started = time.monotonic()
            r = api.post(
                f"/v2/organizations/acme/pipelines/{slug}/builds",
                json={"commit": "abc", "branch": "main"},
            )
            assert r.status_code == 201
            emu.run_agents()
            elapsed = time.monotonic() - started
            # 1 + 10 + 1 + 10 + 10 + 1 events to a receiver that takes 0.3 s each (timeout):
            # inline delivery would take seconds.
            assert elapsed < 0.5, elapsed
            assert emu.get_build(None, slug, r.json()["number"])["state"] == "passed"
            # The other service's deliveries do not queue behind the hanging one.
            deadline = time.monotonic() + 3
            while len(good.got) < 34 and time.monotonic() < deadline:
                time.sleep(0.02)
            assert good.events()[-1] == "build.finished" and len(good.got) == 34
            hung: list[Any] = []
            while not hung and time.monotonic() < deadline + 2:
                time.sleep(0.02)
                hung = [d for d in emu.webhook_deliveries if d.url == hanging.url]
            assert hung and hung[0].status is None
            assert hung[0].error is not None and "Timeout" in hung[0].error
            # Timeouts are not retried: one attempt of about the timeout each.
            assert hung[0].duration < 1.0
    finally:
        hanging.release.set()
        for server in (hang_server, good_server):
            server.shutdown()
            server.server_close()


def test_unreachable_receiver_is_recorded_as_an_error(emu: Emulator, api: httpx.Client) -> None:
    from ..reliability.conftest import free_port

    url = f"http://127.0.0.1:{free_port()}/gone"  # nothing listens there
    _service(api, url)
    assert emu.wait_for_webhooks(5)
    (ping,) = emu.webhook_deliveries
    assert ping.event == "ping" and ping.status is None
    assert ping.error is not None and "ConnectError" in ping.error


def test_a_receiver_that_hangs_up_after_reading_gets_the_event_once(
    emu: Emulator, api: httpx.Client
) -> None:
    from ..reliability.conftest import hangup_server

    with hangup_server() as (port, received):
        _service(api, f"http://127.0.0.1:{port}/hook")
        assert emu.wait_for_webhooks(5)
        (ping,) = emu.webhook_deliveries
        assert ping.status is None and ping.error is not None
        time.sleep(0.2)  # a second attempt, had there been one, would have arrived by now
    # The request arrived: sending it again would deliver the event twice.
    assert len(received) == 1 and b"X-Buildkite-Event: ping" in received[0]
