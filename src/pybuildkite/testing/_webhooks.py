"""Outgoing webhooks: the emulator POSTs build, job, agent and ``ping`` events to the URLs of
the organization's notification services, as Buildkite does.

A service receives deliveries when its provider is ``webhook``, it is ``enabled`` and
``settings.url`` is set.  Filters, all optional:

* ``settings.events`` -- the event names it wants (``ping`` is always sent).
* ``build_states`` -- when any flag is true, ``build.finished`` is only sent for the chosen
  outcomes (``build_passed``, ``build_failed``, ``build_blocked``, ``build_canceled``, and
  ``build_fixed``: passed after the branch's previous finished build failed),
  ``build.failing`` only with ``build_failing`` and ``job.activated`` only with
  ``job_activated``.  Other events are left to ``settings.events``.
* ``branch_configuration`` -- space-separated branch patterns (``*`` wildcards, ``!``
  negation) for build and job events.
* ``scope: some_projects`` -- only pipelines whose UUIDs are in ``scope_uuids``.

Payloads follow Buildkite: build events carry ``build`` (without jobs), ``pipeline`` and
``sender``; job events ``job``, ``build``, ``pipeline`` and ``sender``; agent events
``agent`` and ``sender``; ``ping`` ``service{id, provider, settings{url}}``,
``organization`` and ``sender``.  ``sender`` is the user who created the service.  Every
``*_at`` timestamp is written ``YYYY-MM-DD HH:MM:SS UTC``, as webhook payloads are.
Resources are rendered when the event happens, so a payload shows the state that caused it.

Headers: ``Content-Type: application/json``, ``User-Agent: Buildkite-Request``,
``X-Buildkite-Event`` and, by ``settings.token_mode``, either ``X-Buildkite-Token: <token>``
or ``X-Buildkite-Signature: timestamp=<unix>,signature=<hex>``
(:func:`pybuildkite.webhooks.sign`; the timestamp is the real dispatch time even when the
emulator's clock is frozen, so receivers can check freshness).

Delivery runs on background threads, one per service (so a slow receiver delays only its
own deliveries, in order), never under the store lock.  Each POST has short timeouts and is
tried again once only when the connection could not be opened; a timeout, or an error once
the request may have arrived, is not retried.  The last 20 deliveries of each service are kept
(:attr:`Emulator.webhook_deliveries`).
"""

from __future__ import annotations

import itertools
import logging
import queue
import re
import threading
import time
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import httpx

from .. import webhooks
from . import _render
from ._http import branch_allowed, dumps, parse_time
from ._state import FINISHED_BUILD_STATES, Agent, Build, Job, Organization, Store, utc_text

log = logging.getLogger("pybuildkite.testing")

#: Deliveries kept per service, as Buildkite keeps them for debugging.
HISTORY = 20
FINISH_FLAGS = {
    "passed": "build_passed",
    "failed": "build_failed",
    "blocked": "build_blocked",
    "canceled": "build_canceled",
}
_ISO = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)")


@dataclass(frozen=True, slots=True)
class WebhookDelivery:
    """One attempted delivery: ``status`` is the receiver's HTTP status, or ``error`` says why
    there is none (timeout, refused connection...)."""

    service_id: str
    url: str
    event: str
    status: int | None
    error: str | None
    request_headers: dict[str, str] = field(repr=False)
    body: bytes = field(repr=False)
    duration: float = 0.0
    seq: int = 0


@dataclass(slots=True)
class _Job:
    seq: int
    generation: int
    service_id: str
    url: str
    event: str
    body: bytes
    token_mode: str
    token: str


def _webhook_timestamps(data: Any, key: str = "") -> Any:
    """ISO 8601 ``*_at`` values as ``YYYY-MM-DD HH:MM:SS UTC``, the form webhooks use."""
    if isinstance(data, dict):
        return {k: _webhook_timestamps(v, k) for k, v in data.items()}
    if isinstance(data, list):
        return [_webhook_timestamps(v, key) for v in data]
    if isinstance(data, str) and key.endswith("_at") and _ISO.fullmatch(data):
        return utc_text(parse_time(data))
    return data


def _sender(rec: dict[str, Any]) -> dict[str, Any] | None:
    creator = rec.get("created_by")
    if not isinstance(creator, dict):
        return None
    return {"id": creator.get("id"), "name": creator.get("name")}


def _fixed(b: Build) -> bool:
    """Passed, and the previous finished build on the same branch failed."""
    if b.state != "passed":
        return False
    earlier = [
        o
        for o in b.pipeline.builds
        if o.seq < b.seq and o.branch == b.branch and o.state in FINISHED_BUILD_STATES
    ]
    return bool(earlier) and earlier[-1].state == "failed"


def _wants(rec: dict[str, Any], event: str, build: Build | None) -> bool:
    settings = rec.get("settings")
    settings = settings if isinstance(settings, dict) else {}
    events = settings.get("events")
    if event != "ping" and isinstance(events, list) and event not in events:
        return False
    flags = rec.get("build_states")
    chosen = {k for k, v in flags.items() if v is True} if isinstance(flags, dict) else set()
    if chosen and build is not None:
        if event == "build.finished":
            flag = FINISH_FLAGS.get(build.state)
            if not (flag in chosen or ("build_fixed" in chosen and _fixed(build))):
                return False
        narrowed = {"build.failing": "build_failing", "job.activated": "job_activated"}
        if event in narrowed and narrowed[event] not in chosen:
            return False
    if build is not None:
        branches = rec.get("branch_configuration")
        filtered = isinstance(branches, str) and bool(branches.strip())
        if filtered and not branch_allowed(str(branches), build.branch):
            return False
        uuids = rec.get("scope_uuids")
        if rec.get("scope") == "some_projects" and build.pipeline.id not in (uuids or ()):
            return False
    return True


def _delivers(rec: Any) -> bool:
    if not isinstance(rec, dict) or not rec.get("enabled"):
        return False
    provider = rec.get("provider")
    settings = rec.get("settings")
    return (
        isinstance(provider, dict)
        and provider.get("id") == "webhook"
        and isinstance(settings, dict)
        and isinstance(settings.get("url"), str)
        and bool(settings["url"])
    )


class WebhookDispatcher:
    """Listens to :meth:`Store.emit`, renders payloads and hands them to delivery threads."""

    def __init__(
        self,
        store: Store,
        *,
        timeout: float = 2.0,
        connect_timeout: float = 1.0,
        history: int = HISTORY,
    ) -> None:
        self.store = store
        self.timeout = httpx.Timeout(timeout, connect=connect_timeout)
        self._history_size = history
        self._lock = threading.Condition()
        self._queues: dict[str, queue.Queue[_Job | None]] = {}
        self._threads: dict[str, threading.Thread] = {}
        self._history: dict[str, deque[WebhookDelivery]] = {}
        self._pending = 0
        self._generation = 0
        self._seq = itertools.count(1)
        self._client: httpx.Client | None = None
        self._closed = False

    # -- listening (store lock held) -------------------------------------------------------

    def __call__(self, store: Store, event: str, subject: Any) -> None:
        if self._closed:
            return
        if event == "ping":
            self._ping(store, subject)
            return
        org, build = self._context(subject)
        if org is None:
            return
        services = [
            rec
            for rec in store.generic.get(f"/v2/organizations/{org.slug}/services", {}).values()
            if _delivers(rec) and _wants(rec, event, build)
        ]
        if not services:
            return
        resources = _webhook_timestamps(self._resources(store, subject))
        for rec in services:
            payload = {"event": event, **resources, "sender": _sender(rec)}
            self._enqueue(rec, event, dumps(payload))

    @staticmethod
    def _context(subject: Any) -> tuple[Organization | None, Build | None]:
        if isinstance(subject, Build):
            return subject.pipeline.org, subject
        if isinstance(subject, Job):
            return subject.build.pipeline.org, subject.build
        if isinstance(subject, Agent):
            return subject.org, None
        return None, None

    @staticmethod
    def _resources(store: Store, subject: Any) -> dict[str, Any]:
        if isinstance(subject, Agent):
            return {"agent": _render.agent(store, subject)}
        b = subject.build if isinstance(subject, Job) else subject
        out: dict[str, Any] = {}
        if isinstance(subject, Job):
            out["job"] = _render.job(store, subject)
        out["build"] = _render.build(store, b, include_jobs=False, include_pipeline=False)
        out["pipeline"] = _render.pipeline(store, b.pipeline, iso_created=True)
        return out

    def _ping(self, store: Store, rec: Any) -> None:
        if not _delivers(rec):
            return
        org_slug = str(rec.get("url", "")).split("/organizations/", 1)[-1].split("/", 1)[0]
        org = store.orgs.get(org_slug)
        settings = rec["settings"]
        payload = {
            "event": "ping",
            "service": {
                "id": rec.get("id"),
                "provider": "webhook",
                "settings": {"url": settings["url"]},
            },
            "organization": _render.organization(store, org) if org else None,
            "sender": _sender(rec),
        }
        self._enqueue(rec, "ping", dumps(_webhook_timestamps(payload)))

    def _enqueue(self, rec: dict[str, Any], event: str, body: bytes) -> None:
        settings = rec["settings"]
        mode = "signature" if settings.get("token_mode") == "signature" else "token"
        token = settings.get("token")
        job = _Job(
            seq=next(self._seq),
            generation=self._generation,
            service_id=str(rec.get("id")),
            url=str(settings["url"]),
            event=event,
            body=body,
            token_mode=mode,
            token=token if isinstance(token, str) else "",
        )
        with self._lock:
            if self._closed:
                return
            q = self._queues.get(job.service_id)
            if q is None:
                q = queue.Queue()
                self._queues[job.service_id] = q
                thread = threading.Thread(
                    target=self._work,
                    args=(q,),
                    name=f"buildkite-emulator-webhooks-{job.service_id[:8]}",
                    daemon=True,
                )
                self._threads[job.service_id] = thread
                thread.start()
            self._pending += 1
        q.put(job)

    # -- delivering (worker threads) -------------------------------------------------------

    def _http(self) -> httpx.Client:
        with self._lock:
            if self._client is None:
                self._client = httpx.Client(timeout=self.timeout, follow_redirects=False)
            return self._client

    def _headers(self, job: _Job) -> dict[str, str]:
        if job.token_mode == "signature" and job.token:
            headers = webhooks.sign(job.body, job.token, int(time.time()), event=job.event)
        else:
            headers = {
                "Content-Type": "application/json",
                webhooks.EVENT_HEADER: job.event,
                webhooks.TOKEN_HEADER: job.token,
            }
        headers["User-Agent"] = "Buildkite-Request"
        return headers

    def _deliver(self, job: _Job) -> WebhookDelivery:
        headers = self._headers(job)
        started = time.monotonic()
        status: int | None = None
        error: str | None = None
        for attempt in range(2):
            try:
                response = self._http().post(job.url, content=job.body, headers=headers)
                status = response.status_code
                error = None
                break
            except httpx.TimeoutException as exc:
                # A receiver that hangs is not asked twice: that would only double the wait.
                error = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
                break
            except (httpx.HTTPError, OSError, ValueError) as exc:
                error = f"{type(exc).__name__}: {exc}"
                # Only a connection that never opened is tried again: after a read or
                # write error the receiver may already have the event, and would get it twice.
                if attempt == 0 and isinstance(exc, httpx.ConnectError):
                    continue
                break
        return WebhookDelivery(
            service_id=job.service_id,
            url=job.url,
            event=job.event,
            status=status,
            error=error,
            request_headers=headers,
            body=job.body,
            duration=time.monotonic() - started,
            seq=job.seq,
        )

    def _work(self, q: queue.Queue[_Job | None]) -> None:
        while True:
            job = q.get()
            if job is None:
                return
            try:
                if job.generation == self._generation and not self._closed:
                    delivery = self._deliver(job)
                    with self._lock:
                        if job.generation == self._generation:
                            history = self._history.setdefault(
                                job.service_id, deque(maxlen=self._history_size)
                            )
                            history.append(delivery)
            except Exception:
                log.exception("emulator webhook delivery to %s failed", job.url)
            finally:
                with self._lock:
                    self._pending -= 1
                    self._lock.notify_all()

    # -- inspection and lifecycle ----------------------------------------------------------

    def deliveries(self, service_id: str | None = None) -> list[WebhookDelivery]:
        """Kept deliveries (the last 20 per service), in the order the events happened."""
        with self._lock:
            kept: Iterable[WebhookDelivery]
            if service_id is not None:
                kept = list(self._history.get(service_id, ()))
            else:
                kept = [d for h in self._history.values() for d in h]
        return sorted(kept, key=lambda d: d.seq)

    def wait(self, timeout: float = 10.0) -> bool:
        """Block until every queued delivery has been attempted; False on timeout."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while self._pending > 0:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._lock.wait(left)
        return True

    def reset(self) -> None:
        """Forget the history; deliveries still queued are dropped."""
        with self._lock:
            self._generation += 1
            self._history.clear()
            # Services do not survive a reset, so neither do their threads (a session-long
            # emulator would otherwise collect one idle thread per service ever created).
            queues = list(self._queues.values())
            self._queues.clear()
            self._threads.clear()
        for q in queues:
            q.put(None)

    def open(self) -> None:
        """Accept events again after :meth:`close` (an emulator can be started again)."""
        with self._lock:
            self._closed = False

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._generation += 1
            queues = list(self._queues.values())
            threads = list(self._threads.values())
            self._queues.clear()
            self._threads.clear()
            client = self._client
            self._client = None
        for q in queues:
            q.put(None)
        for thread in threads:
            # A worker stuck on a hanging receiver is a daemon; do not wait for its timeout.
            thread.join(0.2)
        if client is not None:
            client.close()
