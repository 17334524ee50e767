"""In-memory state of the emulator.

Everything the HTTP handlers and the simulated agents read or write lives in one
:class:`Store`.  One re-entrant lock guards it: the HTTP app runs in the server
thread while tests seed and inspect state from the main thread, and the optional
realtime agent runs in a third.
"""

from __future__ import annotations

import base64
import logging
import random
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

log = logging.getLogger("pybuildkite.testing")

ALL_SCOPES: tuple[str, ...] = tuple(
    [
        "read_agents",
        "write_agents",
        "read_artifacts",
        "write_artifacts",
        "read_audit_events",
        "read_build_logs",
        "write_build_logs",
        "read_builds",
        "write_builds",
        "read_clusters",
        "write_clusters",
        "read_job_env",
        "read_notification_services",
        "write_notification_services",
        "read_organizations",
        "write_organizations",
        "read_organization_invitations",
        "write_organization_invitations",
        "read_organization_settings",
        "write_organization_settings",
        "read_organization_repository_connections",
        "read_pipeline_templates",
        "write_pipeline_templates",
        "read_pipelines",
        "write_pipelines",
        "read_portals",
        "write_portals",
        "read_rules",
        "write_rules",
        "read_secrets_details",
        "write_secrets",
        "read_suites",
        "write_suites",
        "read_teams",
        "write_teams",
        "read_test_plan",
        "write_test_plan",
        "read_user",
        "read_registries",
        "write_registries",
        "delete_registries",
        "read_packages",
        "write_packages",
        "delete_packages",
        "graphql",
    ]
)

FINISHED_JOB_STATES = frozenset(
    {
        "passed",
        "failed",
        "canceled",
        "timed_out",
        "skipped",
        "broken",
        "expired",
        "unblocked",
        "waiting_failed",
        "blocked_failed",
        "unblocked_failed",
    }
)
FINISHED_BUILD_STATES = frozenset({"passed", "failed", "canceled", "skipped", "not_run"})


class Clock:
    """Wall clock for timestamps plus a monotonic clock for rate-limit windows.

    By default both follow the real clocks.  ``freeze()`` stops them so tests can
    move time explicitly with ``advance()``; the simulated agents then advance a
    frozen clock by ``tick_seconds`` per transition so timestamps stay ordered.
    """

    def __init__(self, frozen_at: datetime | None = None, tick_seconds: float = 1.0) -> None:
        self._lock = threading.Lock()
        self._offset = 0.0
        self._frozen_wall: datetime | None = frozen_at
        self._frozen_mono: float | None = time.monotonic() if frozen_at is not None else None
        self.tick_seconds = tick_seconds

    @property
    def frozen(self) -> bool:
        return self._frozen_wall is not None

    def now(self) -> datetime:
        with self._lock:
            if self._frozen_wall is not None:
                return self._frozen_wall
            return datetime.now(UTC) + timedelta(seconds=self._offset)

    def monotonic(self) -> float:
        with self._lock:
            if self._frozen_mono is not None:
                return self._frozen_mono
            return time.monotonic() + self._offset

    def freeze(self, at: datetime | None = None) -> None:
        with self._lock:
            wall = at or datetime.now(UTC) + timedelta(seconds=self._offset)
            self._frozen_wall = wall if wall.tzinfo else wall.replace(tzinfo=UTC)
            self._frozen_mono = time.monotonic() + self._offset

    def unfreeze(self) -> None:
        with self._lock:
            self._frozen_wall = None
            self._frozen_mono = None

    def advance(self, seconds: float) -> None:
        with self._lock:
            if self._frozen_wall is not None and self._frozen_mono is not None:
                self._frozen_wall += timedelta(seconds=seconds)
                self._frozen_mono += seconds
            else:
                self._offset += seconds

    def tick(self) -> None:
        """Advance a frozen clock by one simulation step; a real clock moves by itself."""
        if self.frozen:
            self.advance(self.tick_seconds)


def iso(dt: datetime | None) -> str | None:
    """ISO 8601 with milliseconds and ``Z`` -- the format of most REST timestamps."""
    if dt is None:
        return None
    dt = dt.astimezone(UTC)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


def utc_text(dt: datetime | None) -> str | None:
    """``YYYY-MM-DD HH:MM:SS UTC`` -- used by pipelines' ``created_at`` and access tokens."""
    if dt is None:
        return None
    return dt.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def graphql_id(kind: str, ident: str) -> str:
    return base64.b64encode(f"{kind}---{ident}".encode()).decode()


# ---------------------------------------------------------------------------
# Records
# ---------------------------------------------------------------------------


@dataclass(slots=True, eq=False)
class User:
    id: str
    name: str
    email: str
    created_at: datetime

    @property
    def avatar_url(self) -> str:
        return f"https://www.gravatar.com/avatar/{uuid.uuid5(uuid.NAMESPACE_URL, self.email).hex}"


@dataclass(slots=True, eq=False)
class Token:
    value: str
    uuid: str
    user_id: str
    scopes: tuple[str, ...]
    description: str
    created_at: datetime
    expires_at: datetime | None
    revoked: bool = False


@dataclass(slots=True, eq=False)
class Organization:
    id: str
    slug: str
    name: str
    created_at: datetime
    member_ids: list[str] = field(default_factory=list)
    pipelines: dict[str, Pipeline] = field(default_factory=dict)
    teams_enabled: bool = True


@dataclass(slots=True, eq=False)
class Pipeline:
    id: str
    org: Organization
    slug: str
    name: str
    repository: str
    created_at: datetime
    created_by: str
    configuration: str | None = None
    visual_steps: list[dict[str, Any]] | None = None
    settings: dict[str, Any] = field(default_factory=dict)
    archived_at: datetime | None = None
    builds: list[Build] = field(default_factory=list)
    next_number: int = 1
    github_webhook_enabled: bool = True
    github_webhook_disabled_at: datetime | None = None
    github_webhook_disabled_by: str | None = None
    webhook_token: str = ""


@dataclass(slots=True, eq=False)
class Build:
    id: str
    seq: int
    pipeline: Pipeline
    number: int
    state: str
    branch: str
    commit: str
    message: str
    creator_id: str | None
    created_at: datetime
    source: str = "api"
    env: dict[str, Any] = field(default_factory=dict)
    meta_data: dict[str, str] = field(default_factory=dict)
    author: dict[str, Any] | None = None
    pull_request: dict[str, Any] | None = None
    blocked: bool = False
    cancel_reason: str | None = None
    clean_checkout: bool = False
    scheduled_at: datetime | None = None
    started_at: datetime | None = None
    failing_at: datetime | None = None
    finished_at: datetime | None = None
    canceled: bool = False
    rebuilt_from: Build | None = None
    triggered_from: Job | None = None
    jobs: list[Job] = field(default_factory=list)
    annotations: list[Annotation] = field(default_factory=list)
    step_uploads: list[dict[str, Any]] = field(default_factory=list)
    # The state last announced through Store.emit (see _sim.notify).
    notified: str | None = None


@dataclass(slots=True, eq=False)
class Job:
    id: str
    build: Build
    type: str
    step: dict[str, Any]
    state: str
    created_at: datetime
    name: str | None = None
    command: str | None = None
    step_key: str | None = None
    group_key: str | None = None
    step_id: str = ""
    deps: list[str] = field(default_factory=list)
    agent_id: str | None = None
    exit_status: int | None = None
    soft_fail: bool = False
    soft_failed: bool = False
    priority: int = 0
    scheduled_at: datetime | None = None
    runnable_at: datetime | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None
    retried: bool = False
    retried_in_job_id: str | None = None
    retries_count: int | None = None
    retry_source: dict[str, Any] | None = None
    retry_type: str | None = None
    retried_by: str | None = None
    parallel_group_index: int | None = None
    parallel_group_total: int | None = None
    log: bytes | None = None
    log_deleted: bool = False
    env: dict[str, str] = field(default_factory=dict)
    unblocked_by: str | None = None
    unblocked_at: datetime | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    triggered_build: Build | None = None
    broken_reason: str | None = None
    notified: str | None = None


@dataclass(slots=True, eq=False)
class Artifact:
    id: str
    job: Job
    path: str
    size: int
    content: bytes | None = None
    seed: int = 0
    state: str = "finished"
    mime_type: str = "application/octet-stream"
    _sha1: str | None = None


@dataclass(slots=True, eq=False)
class Annotation:
    id: str
    build: Build
    job_id: str | None
    context: str
    style: str
    priority: int
    body: str
    created_at: datetime
    updated_at: datetime


@dataclass(slots=True, eq=False)
class Agent:
    id: str
    org: Organization
    name: str
    hostname: str
    version: str
    created_at: datetime
    creator_id: str | None
    connection_state: str = "connected"
    ip_address: str = "127.0.0.1"
    os: str = "linux"
    arch: str = "amd64"
    meta_data: list[str] = field(default_factory=lambda: ["queue=default"])
    connected_at: datetime | None = None
    disconnected_at: datetime | None = None
    lost_at: datetime | None = None
    stopped_at: datetime | None = None
    job_id: str | None = None
    last_job_finished_at: datetime | None = None
    priority: int | None = None
    cluster_queue_id: str | None = None
    paused: bool = False
    paused_at: datetime | None = None
    paused_by: str | None = None
    paused_note: str | None = None
    paused_timeout_in_minutes: int | None = None
    notified: str | None = None


@dataclass(slots=True, eq=False)
class Team:
    id: str
    org: Organization
    name: str
    slug: str
    created_at: datetime
    created_by: str | None
    description: str = ""
    privacy: str = "visible"
    default: bool = False
    extra: dict[str, Any] = field(default_factory=dict)
    member_ids: set[str] = field(default_factory=set)


@dataclass(slots=True, eq=False)
class Schedule:
    id: str
    pipeline: Pipeline
    cronline: str
    created_at: datetime
    created_by: str | None
    label: str | None = None
    message: str | None = None
    commit: str = "HEAD"
    branch: str | None = None
    env: dict[str, Any] = field(default_factory=dict)
    enabled: bool = True
    failed_message: str | None = None
    failed_at: datetime | None = None


@dataclass(slots=True)
class RequestRecord:
    """One request as the API server saw it."""

    method: str
    path: str
    query: list[tuple[str, str]]
    headers: dict[str, str]
    body: bytes
    json: Any
    status: int = 0

    @property
    def header_pairs(self) -> list[tuple[str, str]]:
        return list(self.headers.items())


@dataclass(slots=True)
class StorageRequest:
    """One request as the artifact-storage server saw it."""

    method: str
    path: str
    query: list[tuple[str, str]]
    headers: dict[str, str]
    status: int = 0


class Store:
    """All emulator state, guarded by :attr:`lock`."""

    def __init__(self, seed: int | None = None, clock: Clock | None = None) -> None:
        self.lock = threading.RLock()
        self.clock = clock or Clock()
        self._rng = random.Random(seed)
        self.base_url = "http://127.0.0.1"
        self.storage_url = "http://127.0.0.1"
        self.storage_secret = self._rng.randbytes(32)
        # Late-bound collaborators (rate limiters, schema path) that handlers may need.
        self.hooks: dict[str, Any] = {}
        # Listeners for state changes: called as ``listener(store, event, subject)`` with the
        # store lock held, e.g. ("build.running", Build), ("job.finished", Job),
        # ("agent.connected", Agent), ("ping", notification service record).  They survive
        # reset(); they must be quick (the webhook dispatcher only renders and enqueues).
        self.events: list[Callable[[Store, str, Any], None]] = []
        self.deep_listing_limit: int | None = 10_000
        self.reset()

    def reset(self) -> None:
        with self.lock:
            self.users: dict[str, User] = {}
            self.tokens: dict[str, Token] = {}
            self.orgs: dict[str, Organization] = {}
            self.builds: list[Build] = []
            self.builds_by_id: dict[str, Build] = {}
            self.jobs: dict[str, Job] = {}
            self.artifacts: dict[str, Artifact] = {}
            self.job_artifacts: dict[str, list[Artifact]] = {}
            self.annotations: dict[str, Annotation] = {}
            self.agents: dict[str, Agent] = {}
            self.teams: dict[str, Team] = {}
            self.schedules: dict[str, Schedule] = {}
            # Generic catalog resources: concrete collection path -> key -> record.
            self.generic: dict[str, dict[str, dict[str, Any]]] = {}
            self.singletons: dict[str, dict[str, Any]] = {}
            self.create_counts: Counter[str] = Counter()
            # Builds that may still change state, in creation order (the agents' queue).
            self.active: dict[str, Build] = {}
            self.default_user_id = ""
            self.default_org = ""
            self._seq = 0
            self._sorted_cache: list[Build] | None = None

    def emit(self, event: str, subject: Any) -> None:
        """Tell every listener about one state change; a failing listener is only logged."""
        for listener in list(self.events):
            try:
                listener(self, event, subject)
            except Exception:
                log.exception("emulator event listener failed for %s", event)

    # -- ids ---------------------------------------------------------------

    def new_id(self) -> str:
        # Seeded so that a seeded emulator hands out the same ids on every run.
        return str(uuid.UUID(int=self._rng.getrandbits(128), version=4))

    def new_secret(self, nbytes: int = 20) -> str:
        return self._rng.randbytes(nbytes).hex()

    def next_seq(self) -> int:
        self._seq += 1
        return self._seq

    @property
    def rng(self) -> random.Random:
        return self._rng

    # -- lookups -------------------------------------------------------------

    def org(self, slug: str) -> Organization | None:
        return self.orgs.get(slug)

    def pipeline(self, org: str, slug: str) -> Pipeline | None:
        o = self.orgs.get(org)
        return o.pipelines.get(slug) if o else None

    def build(self, org: str, pipeline: str, number: str | int) -> Build | None:
        p = self.pipeline(org, pipeline)
        if p is None:
            return None
        try:
            n = int(number)
        except (TypeError, ValueError):
            return None
        if 1 <= n <= len(p.builds) and p.builds[n - 1].number == n:
            return p.builds[n - 1]
        for b in p.builds:
            if b.number == n:
                return b
        return None

    def add_build_record(self, build: Build) -> None:
        build.pipeline.builds.append(build)
        self.builds.append(build)
        self.builds_by_id[build.id] = build
        self._sorted_cache = None

    def builds_newest_first(self) -> list[Build]:
        """All builds, newest first; cached because crawls read it once per page."""
        if self._sorted_cache is None:
            self._sorted_cache = sorted(
                self.builds, key=lambda b: (b.created_at, b.seq), reverse=True
            )
        return self._sorted_cache

    def invalidate_build_order(self) -> None:
        self._sorted_cache = None

    def user_for_token(self, value: str) -> tuple[Token, User] | None:
        tok = self.tokens.get(value)
        if tok is None or tok.revoked:
            return None
        if tok.expires_at is not None and tok.expires_at <= self.clock.now():
            return None
        user = self.users.get(tok.user_id)
        if user is None:
            return None
        return tok, user

    def iter_jobs(self, build: Build, include_retried: bool) -> Iterator[Job]:
        for job in build.jobs:
            if include_retried or not job.retried:
                yield job
