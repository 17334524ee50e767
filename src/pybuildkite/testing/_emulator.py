"""The :class:`Emulator`: servers, state, seeding helpers, agent control, GraphQL budgets and
webhook deliveries."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from . import _render, _sim
from ._app import App
from ._config import Faults, FaultState, GraphQLLimits, RateLimits
from ._http import HTTPError
from ._server import ServerThread, StorageApp, artifact_chunks, transport_for
from ._state import (
    ALL_SCOPES,
    Agent,
    Build,
    Clock,
    Organization,
    RequestRecord,
    StorageRequest,
    Store,
    Team,
    Token,
    User,
    graphql_id,
    iso,
)
from ._webhooks import WebhookDelivery, WebhookDispatcher
from .routes import generic, tiers

DEMO_CONFIG = """\
steps:
  - label: ":hammer: Build"
    key: build
    command: "make build"
    artifact_paths: "dist/*.tar.gz"
  - label: ":test_tube: Test"
    key: test
    command:
      - "make test"
      - 'buildkite-agent annotate "All tests passed" --style success --context tests'
  - wait
  - block: ":rocket: Release?"
    key: release-gate
  - trigger: deploy
    label: ":shipit: Deploy"
    build:
      branch: main
"""


class Emulator:
    """A stateful Buildkite REST API served over real HTTP on 127.0.0.1.

    Use it as a context manager (``with Emulator() as emu: ...``) or call
    :meth:`start` and :meth:`close`.  A fresh emulator has one user, one
    organization (``emu.org``) with that user as a member, and one token
    (``emu.token``) carrying every scope.

    ``rate_limits`` and ``graphql_limits`` set the REST request windows and the GraphQL
    complexity-point budgets; ``faults`` injects failures; ``graphql_schema`` is a path to
    Buildkite's ``schema.graphql`` to validate GraphQL documents against (read once);
    ``webhook_timeout`` bounds each webhook delivery (seconds).
    """

    def __init__(
        self,
        *,
        token: str | None = None,
        org: str = "acme",
        org_name: str = "Acme Inc",
        user_name: str = "Ada Lovelace",
        user_email: str = "ada@example.com",
        rate_limits: RateLimits | None = None,
        graphql_limits: GraphQLLimits | None = None,
        faults: Faults | None = None,
        realtime: bool = False,
        agent_interval: float = 0.2,
        seed: int | None = None,
        deep_listing_limit: int | None = 10_000,
        graphql_schema: str | Path | None = None,
        frozen_clock: datetime | bool = False,
        host: str = "127.0.0.1",
        port: int = 0,
        storage_port: int = 0,
        webhook_timeout: float = 2.0,
    ) -> None:
        clock = Clock()
        if frozen_clock:
            clock.freeze(frozen_clock if isinstance(frozen_clock, datetime) else None)
        self.store = Store(seed=seed, clock=clock)
        self._defaults = {
            "token": token or "bkua_" + self.store.new_secret(20),
            "org": org,
            "org_name": org_name,
            "user_name": user_name,
            "user_email": user_email,
        }
        self._default_limits = rate_limits or RateLimits()
        self._default_graphql_limits = graphql_limits or GraphQLLimits()
        self._default_faults = faults or Faults()
        self._deep_limit = deep_listing_limit
        self._faults = FaultState()
        self._faults.configure(self._default_faults)
        self.store.hooks["graphql_schema"] = str(graphql_schema) if graphql_schema else None
        self._app = App(
            self.store,
            tiers(),
            limits=self._default_limits,
            graphql_limits=self._default_graphql_limits,
            faults=self._faults,
            churn=self._churn,
            transport_for=transport_for,
        )
        self.store.hooks["limiter"] = self._app.limiter
        self.store.hooks["graphql_limiter"] = self._app.graphql_limiter
        self._webhooks = WebhookDispatcher(self.store, timeout=webhook_timeout)
        self.store.events.append(self._webhooks)
        self._storage = StorageApp(self.store)
        self._host = host
        self._ports = (port, storage_port)
        self._server: ServerThread | None = None
        self._realtime = realtime
        self._agent_interval = agent_interval
        self._agent_thread: threading.Thread | None = None
        self._agent_stop = threading.Event()
        self._seed_defaults()

    # -- lifecycle --------------------------------------------------------------

    def start(self) -> Emulator:
        if self._server is not None:
            return self
        server = ServerThread(
            [(self._app, self._host, self._ports[0]), (self._storage, self._host, self._ports[1])]
        )
        server.start()
        self._server = server
        self._webhooks.open()
        self.store.base_url = f"http://{self._host}:{server.ports[0]}"
        self.store.storage_url = f"http://{self._host}:{server.ports[1]}"
        if self._realtime:
            self.start_agents(self._agent_interval)
        return self

    def close(self) -> None:
        self.stop_agents()
        self._webhooks.close()
        self._app.closing.set()
        if self._server is not None:
            self._server.stop()
            self._server = None

    def __enter__(self) -> Emulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def reset(self) -> None:
        """Forget everything and re-create the default user, org and token (same value)."""
        self.stop_agents()
        with self.store.lock:
            self.store.reset()
            self._seed_defaults()
        self._app.limiter.configure(self._default_limits)
        self._app.graphql_limiter.configure(self._default_graphql_limits)
        self._webhooks.reset()
        self._faults.configure(self._default_faults)
        self._faults.injected.clear()
        self.clear_requests()
        self.clear_storage_requests()
        if self.store.clock.frozen:
            self.store.clock.unfreeze()
        if self._realtime:
            self.start_agents(self._agent_interval)

    def _seed_defaults(self) -> None:
        d = self._defaults
        store = self.store
        store.deep_listing_limit = self._deep_limit
        uid = self.add_user(d["user_name"], d["user_email"])
        store.default_user_id = uid
        self.add_organization(d["org"], d["org_name"], members=[uid])
        store.default_org = d["org"]
        self.create_token(value=d["token"], user=uid, description="Emulator token")

    # -- addresses and records ----------------------------------------------------

    @property
    def url(self) -> str:
        """Base URL of the API, ``http://127.0.0.1:<port>``."""
        return self.store.base_url

    @property
    def graphql_url(self) -> str:
        """The GraphQL endpoint, ``<url>/graphql`` (``<url>/v1`` answers too)."""
        return self.store.base_url + "/graphql"

    @property
    def open_connections(self) -> int:
        """Client connections to the API origin open right now (a client that closed cleanly
        leaves none)."""
        from ._server import open_connections

        return open_connections(int(self.url.rsplit(":", 1)[1]))

    @property
    def storage_url(self) -> str:
        return self.store.storage_url

    @property
    def token(self) -> str:
        return self._defaults["token"]

    @property
    def org(self) -> str:
        return self._defaults["org"]

    @property
    def user_id(self) -> str:
        return self.store.default_user_id

    @property
    def clock(self) -> Clock:
        return self.store.clock

    @property
    def requests(self) -> list[RequestRecord]:
        """Requests the API received, oldest first (a snapshot copy)."""
        return self._app.snapshot_requests()

    def clear_requests(self) -> None:
        self._app.clear_requests()

    @property
    def storage_requests(self) -> list[StorageRequest]:
        with self._storage.lock:
            return list(self._storage.requests)

    def clear_storage_requests(self) -> None:
        with self._storage.lock:
            self._storage.requests.clear()

    @property
    def create_counts(self) -> Counter[str]:
        """Creates per kind: ``builds``, ``builds:<org>/<pipeline>``, ``pipelines``, groups."""
        return self.store.create_counts

    # -- runtime configuration ----------------------------------------------------

    @property
    def faults(self) -> Faults:
        return self._faults.config

    @faults.setter
    def faults(self, value: Faults | None) -> None:
        self._faults.configure(value or Faults())

    def set_faults(self, faults: Faults | None = None, **kwargs: Any) -> None:
        """Replace the faults, e.g. ``set_faults(error_rate=0.5, paths=("/v2/builds",))``."""
        self.faults = faults if faults is not None else Faults(**kwargs)

    @property
    def injected(self) -> Counter[str]:
        """How many faults of each kind were injected."""
        return self._faults.injected

    @property
    def rate_limits(self) -> RateLimits:
        return self._app.limiter.limits

    @rate_limits.setter
    def rate_limits(self, value: RateLimits) -> None:
        self._app.limiter.configure(value)

    @property
    def graphql_limits(self) -> GraphQLLimits:
        return self._app.graphql_limiter.limits

    @graphql_limits.setter
    def graphql_limits(self, value: GraphQLLimits) -> None:
        """Replace the GraphQL budgets; the points windows start afresh."""
        self._app.graphql_limiter.configure(value)

    # -- webhooks -------------------------------------------------------------------

    @property
    def webhook_deliveries(self) -> list[WebhookDelivery]:
        """Attempted webhook deliveries (the last 20 per service), in event order."""
        return self._webhooks.deliveries()

    def service_deliveries(self, service_id: str) -> list[WebhookDelivery]:
        """The kept deliveries of one notification service."""
        return self._webhooks.deliveries(service_id)

    def wait_for_webhooks(self, timeout: float = 10.0) -> bool:
        """Block until every queued webhook delivery has been attempted (False on timeout)."""
        return self._webhooks.wait(timeout)

    @property
    def deep_listing_limit(self) -> int | None:
        return self.store.deep_listing_limit

    @deep_listing_limit.setter
    def deep_listing_limit(self, value: int | None) -> None:
        self.store.deep_listing_limit = value

    # -- seeding --------------------------------------------------------------------

    def add_user(self, name: str, email: str | None = None) -> str:
        with self.store.lock:
            u = User(
                id=self.store.new_id(),
                name=name,
                email=email or name.lower().replace(" ", ".") + "@example.com",
                created_at=self.store.clock.now(),
            )
            self.store.users[u.id] = u
            return u.id

    def create_token(
        self,
        scopes: list[str] | tuple[str, ...] | None = None,
        user: str | None = None,
        *,
        description: str = "Emulator token",
        expires_in: timedelta | None = timedelta(days=7),
        value: str | None = None,
    ) -> str:
        """Mint a token for ``user`` (default: the default user); ``scopes=None`` means all."""
        with self.store.lock:
            now = self.store.clock.now()
            tok = Token(
                value=value or "bkua_" + self.store.new_secret(20),
                uuid=self.store.new_id(),
                user_id=user or self.store.default_user_id,
                scopes=tuple(ALL_SCOPES if scopes is None else scopes),
                description=description,
                created_at=now,
                expires_at=now + expires_in if expires_in else None,
            )
            self.store.tokens[tok.value] = tok
            return tok.value

    def add_organization(
        self, slug: str, name: str | None = None, *, members: list[str] | None = None
    ) -> str:
        with self.store.lock:
            org = Organization(
                id=self.store.new_id(),
                slug=slug,
                name=name or slug.replace("-", " ").title(),
                created_at=self.store.clock.now(),
                member_ids=list(members if members is not None else [self.store.default_user_id]),
            )
            self.store.orgs[slug] = org
            members_path = f"/v2/organizations/{slug}/members"
            for uid in org.member_ids:
                u = self.store.users.get(uid)
                if u is not None:
                    self.store.generic.setdefault(members_path, {})[uid] = {
                        "id": u.id,
                        "name": u.name,
                        "email": u.email,
                        "role": "admin",
                        "sso_mode": "optional",
                    }
            return slug

    def add_member(self, org: str, user_id: str, role: str = "member") -> None:
        with self.store.lock:
            o = self._org(org)
            if user_id not in o.member_ids:
                o.member_ids.append(user_id)
            u = self.store.users[user_id]
            self.store.generic.setdefault(f"/v2/organizations/{o.slug}/members", {})[user_id] = {
                "id": u.id,
                "name": u.name,
                "email": u.email,
                "role": role,
                "sso_mode": "optional",
            }

    def _org(self, org: str | None) -> Organization:
        o = self.store.orgs.get(org or self.org)
        if o is None:
            raise KeyError(f"no organization {org!r}")
        return o

    def add_pipeline(
        self,
        org: str | None = None,
        name: str = "My Pipeline",
        *,
        configuration: str | None = None,
        repository: str = "git@github.com:acme/app.git",
        slug: str | None = None,
        **settings: Any,
    ) -> str:
        """Create a pipeline (default configuration: one passing command step); returns its slug."""
        from .routes.pipelines import create_pipeline

        data: dict[str, Any] = {
            "name": name,
            "repository": repository,
            "configuration": configuration
            if configuration is not None
            else 'steps:\n  - label: "Test"\n    command: "make test"\n',
        }
        if slug:
            data["slug"] = slug
        data.update(settings)
        with self.store.lock:
            p = create_pipeline(self.store, self._org(org), data, self.store.default_user_id)
            self.store.create_counts["pipelines"] -= 1
            return p.slug

    def add_build(
        self,
        org: str | None = None,
        pipeline: str | None = None,
        *,
        branch: str = "main",
        commit: str | None = None,
        message: str = "Seeded build",
        state: str | None = None,
        created_at: datetime | None = None,
        meta_data: dict[str, str] | None = None,
        env: dict[str, Any] | None = None,
        creator: str | None = None,
        source: str = "api",
        jobs: bool = True,
    ) -> int:
        """Seed one build; ``state`` settles it immediately (no agent), else it is scheduled."""
        with self.store.lock:
            b = self._seed_build(
                org=org,
                pipeline=pipeline,
                branch=branch,
                commit=commit,
                message=message,
                state=state,
                created_at=created_at,
                meta_data=meta_data,
                env=env,
                creator=creator,
                source=source,
                jobs=jobs,
            )
            return b.number

    def add_builds(
        self,
        count: int,
        org: str | None = None,
        pipeline: str | None = None,
        *,
        states: tuple[str, ...] = ("passed",),
        branches: tuple[str, ...] = ("main",),
        start: datetime | None = None,
        interval: timedelta = timedelta(minutes=1),
        jobs: bool = False,
    ) -> list[int]:
        """Bulk-seed ``count`` builds cycling through ``states`` and ``branches``.

        Builds are ``interval`` apart, the last one ``interval`` before now.
        """
        base = start or (self.store.clock.now() - interval * count)
        out: list[int] = []
        with self.store.lock:
            for i in range(count):
                b = self._seed_build(
                    org=org,
                    pipeline=pipeline,
                    branch=branches[i % len(branches)],
                    commit=None,
                    message=f"Build {i + 1}",
                    state=states[i % len(states)],
                    created_at=base + interval * i,
                    meta_data=None,
                    env=None,
                    creator=None,
                    source="api",
                    jobs=jobs,
                )
                out.append(b.number)
        return out

    def _seed_build(
        self,
        *,
        org: str | None,
        pipeline: str | None,
        branch: str,
        commit: str | None,
        message: str,
        state: str | None,
        created_at: datetime | None,
        meta_data: dict[str, str] | None,
        env: dict[str, Any] | None,
        creator: str | None,
        source: str,
        jobs: bool,
    ) -> Build:
        o = self._org(org)
        if pipeline is None:
            if not o.pipelines:
                raise KeyError(f"organization {o.slug!r} has no pipelines")
            p = next(iter(o.pipelines.values()))
        else:
            p = o.pipelines[pipeline]
        return _sim.create_build(
            self.store,
            p,
            branch=branch,
            commit=commit or self.store.new_secret(20),
            message=message,
            creator_id=creator or self.store.default_user_id,
            source=source,
            env=env,
            meta_data=meta_data,
            created_at=created_at,
            state=state,
            with_jobs=jobs,
        )

    def add_agent(
        self,
        org: str | None = None,
        name: str = "agent-1",
        *,
        hostname: str | None = None,
        version: str = "3.80.0",
        meta_data: list[str] | None = None,
        connection_state: str = "connected",
        cluster_queue_id: str | None = None,
    ) -> str:
        with self.store.lock:
            now = self.store.clock.now()
            a = Agent(
                id=self.store.new_id(),
                org=self._org(org),
                name=name,
                hostname=hostname or f"{name}.local",
                version=version,
                created_at=now,
                creator_id=self.store.default_user_id,
                connection_state=connection_state,
                meta_data=list(meta_data or ["queue=default"]),
                connected_at=now if connection_state != "never_connected" else None,
                cluster_queue_id=cluster_queue_id,
            )
            self.store.agents[a.id] = a
            _sim.notify_agent(self.store, a)
            return a.id

    def add_step_upload(
        self,
        org: str | None,
        pipeline: str,
        build: int,
        *,
        source_job_id: str | None = None,
        definition: str = "steps:\n  - command: make test\n",
        state: str = "applied",
        source: str = "agent",
        created_jobs: list[str] | None = None,
    ) -> str:
        """Record a pipeline upload on a build (as ``buildkite-agent pipeline upload`` does);
        ``source_job_id`` is the job that uploaded it.  Returns the upload's UUID."""
        with self.store.lock:
            b = self.store.build(org or self.org, pipeline, build)
            if b is None:
                raise KeyError((org, pipeline, build))
            if source_job_id is not None and self.store.jobs.get(source_job_id) is None:
                raise KeyError(f"no job {source_job_id!r}")
            ident = self.store.new_id()
            now = iso(self.store.clock.now())
            jobs = list(created_jobs or [])
            data = definition.encode()
            b.step_uploads.append(
                {
                    "uuid": ident,
                    "graphql_id": graphql_id("StepUpload", ident),
                    "state": state,
                    "source": source,
                    "source_job_id": source_job_id,
                    "replace_existing_steps": False,
                    "created_jobs_count": len(jobs),
                    "rejection_type": None,
                    "message": None,
                    "url": f"{_render.build_url(self.store, b)}/step-uploads/{ident}",
                    "created_at": now,
                    "processed_at": now,
                    "definition_stored_bytes": len(data),
                    "created_job_uuids": jobs,
                    "definition_bytes": len(data),
                    "definition_yaml": definition,
                    "definition_yaml_omitted": False,
                }
            )
            return ident

    def add_team(
        self,
        org: str | None = None,
        name: str = "Everyone",
        *,
        members: list[str] | None = None,
        privacy: str = "visible",
        description: str = "",
    ) -> str:
        from .routes.pipelines import derive_slug

        with self.store.lock:
            t = Team(
                id=self.store.new_id(),
                org=self._org(org),
                name=name,
                slug=derive_slug(name),
                created_at=self.store.clock.now(),
                created_by=self.store.default_user_id,
                description=description,
                privacy=privacy,
            )
            t.member_ids.update(members or [])
            self.store.teams[t.id] = t
            return t.id

    def add_artifact(
        self,
        job_id: str,
        path: str,
        content: bytes | None = None,
        *,
        size: int | None = None,
        seed: int = 0,
        state: str = "finished",
        mime_type: str | None = None,
    ) -> str:
        """Attach an artifact: literal ``content``, or ``size`` bytes generated from ``seed``."""
        with self.store.lock:
            j = self.store.jobs[job_id]
            a = _sim.add_artifact(
                self.store,
                j,
                path,
                content=content,
                size=size,
                seed=seed,
                state=state,
                mime_type=mime_type,
            )
            return a.id

    def artifact_bytes(self, artifact_id: str) -> bytes:
        """The full content of an artifact (materialised: avoid for huge ones)."""
        return b"".join(self.iter_artifact(artifact_id))

    def iter_artifact(self, artifact_id: str) -> Any:
        with self.store.lock:
            a = self.store.artifacts[artifact_id]
        return artifact_chunks(a)

    def seed_resource(
        self, collection_path: str, record: dict[str, Any] | None = None, key: str | None = None
    ) -> str:
        """Put a record into a generic collection and return its key.

        For example ``/v2/analytics/organizations/acme/suites/my-suite/runs``.
        """
        path = collection_path.rstrip("/")
        with self.store.lock:
            key, rec = generic.new_record(
                self.store,
                path,
                data=dict(record or {}),
                key_param=None,
                user_id=self.store.default_user_id,
                key=key,
            )
            self.store.generic.setdefault(path, {})[key] = rec
            return key

    def add_test_suite(
        self, org: str | None = None, name: str = "Unit", *, default_branch: str = "main"
    ) -> str:
        """A Test Engine suite, as the create route makes it; answers its slug.

        A name whose slug is already taken raises ``ValueError``, as the route answers 422.
        """
        from .routes.test_engine_suites import new_suite

        o = self._org(org)
        with self.store.lock:
            try:
                rec = new_suite(self.store, o, {"name": name, "default_branch": default_branch})
            except HTTPError as err:
                raise ValueError(str(err)) from None
            return str(rec["slug"])

    def add_test_run(
        self,
        org: str | None,
        suite: str,
        *,
        branch: str = "main",
        commit_sha: str | None = None,
        build_id: str | None = None,
        state: str = "finished",
        result: str | None = None,
        failed_executions: list[dict[str, Any]] | None = None,
    ) -> str:
        """A run of ``suite`` with its failed executions; answers the run's id.

        ``result`` defaults to ``pending`` while running, else ``failed`` when there are
        failed executions and ``passed`` otherwise.  Each failed execution is a dict of its
        fields (``test_name``, ``failure_reason``, ``test_id``, ``failure_expanded``...);
        ``execution_id`` is generated when missing.
        """
        from .routes.test_engine_runs import add_run

        base = f"/v2/analytics/organizations/{self._org(org).slug}/suites"
        with self.store.lock:
            if suite not in self.store.generic.get(base, {}):
                raise KeyError(f"no suite {suite!r}")
            return add_run(
                self.store,
                f"{base}/{suite}",
                branch=branch,
                commit_sha=commit_sha or self.store.new_secret(20),
                build_id=build_id,
                state=state,
                result=result,
                failed_executions=list(failed_executions or []),
            )

    def add_network_range(
        self, org: str | None, cluster_id: str, cidr_range: str, kind: str = "egress"
    ) -> str:
        """A network range listed for the cluster (which replaces any hosted default)."""
        clusters = f"/v2/organizations/{self._org(org).slug}/clusters"
        if cluster_id not in self.store.generic.get(clusters, {}):
            raise KeyError(f"no cluster {cluster_id!r}")
        return self.seed_resource(f"{clusters}/{cluster_id}/network_ranges",
                                  {"cidr_range": cidr_range, "kind": kind})  # fmt: skip

    def limit_execution_tags(self, per_minute: int | None = 1) -> None:
        """Enforce Buildkite's execution-tags rate limit per suite (``None`` lifts it)."""
        from .routes.test_engine_execution_tags import set_limit

        with self.store.lock:
            set_limit(self.store, per_minute)

    def seed_demo(self) -> None:
        """A small but lively organization: pipelines, agents, teams and builds in many states."""
        org = self.org
        self.add_agent(org, "demo-agent-1")
        self.add_agent(org, "demo-agent-2", meta_data=["queue=default", "os=linux"])
        self.add_team(org, "Platform", members=[self.user_id])
        self.add_pipeline(
            org,
            "Deploy",
            configuration='steps:\n  - label: "Ship it"\n    command: "./deploy.sh"\n',
        )
        self.add_pipeline(org, "Web App", configuration=DEMO_CONFIG)
        self.add_pipeline(
            org,
            "Flaky Tests",
            configuration="steps:\n  - label: unit\n    command: make unit\n"
            "  - label: integration\n    command: make integration; exit 1\n",
        )
        now = self.store.clock.now()
        for i, state in enumerate(["passed", "failed", "passed", "canceled", "passed"]):
            self.add_build(org, "web-app", state=state, created_at=now - timedelta(hours=6 - i))
        self.add_build(org, "flaky-tests", branch="feature/login")
        self.add_build(org, "web-app", branch="main", message="Add release gate")
        self.run_agents()

    # -- agents ---------------------------------------------------------------------

    def run_agents(self, max_transitions: int = 100_000) -> int:
        """Progress every build until nothing can move (blocked steps stay blocked)."""
        total = 0
        with self.store.lock:
            while total < max_transitions:
                moved = _sim.tick(self.store)
                if not moved:
                    break
                total += moved
        return total

    def advance(self, steps: int = 1) -> int:
        """Perform ``steps`` single job transitions (oldest progressing build first)."""
        done = 0
        with self.store.lock:
            for _ in range(steps):
                if not _sim.step_once(self.store):
                    break
                done += 1
        return done

    def start_agents(self, interval: float = 0.2) -> None:
        """Run the simulated agents in a background thread, one tick per ``interval``."""
        if self._agent_thread is not None:
            return
        self._agent_stop.clear()

        def loop() -> None:
            while not self._agent_stop.wait(interval):
                with self.store.lock:
                    _sim.tick(self.store)

        self._agent_thread = threading.Thread(
            target=loop, name="buildkite-emulator-agents", daemon=True
        )
        self._agent_thread.start()

    def stop_agents(self) -> None:
        if self._agent_thread is None:
            return
        self._agent_stop.set()
        self._agent_thread.join(5)
        self._agent_thread = None

    # -- inspection -----------------------------------------------------------------

    def get_build(self, org: str | None, pipeline: str, number: int) -> dict[str, Any]:
        """The build as the API renders it (with retried jobs)."""
        with self.store.lock:
            b = self.store.build(org or self.org, pipeline, number)
            if b is None:
                raise KeyError((org, pipeline, number))
            return _render.build(self.store, b, include_retried=True)

    def job_ids(self, org: str | None, pipeline: str, number: int) -> list[str]:
        with self.store.lock:
            b = self.store.build(org or self.org, pipeline, number)
            if b is None:
                raise KeyError((org, pipeline, number))
            return [j.id for j in b.jobs]

    def _churn(self, pipeline_ref: str | None, count: int) -> None:
        with self.store.lock:
            if pipeline_ref:
                org_slug, _, slug = pipeline_ref.partition("/")
                p = self.store.pipeline(org_slug, slug)
            else:
                o = self.store.orgs.get(self.store.default_org)
                p = next(iter(o.pipelines.values()), None) if o else None
            if p is None:
                return
            for _ in range(count):
                _sim.create_build(
                    self.store,
                    p,
                    branch="main",
                    commit=self.store.new_secret(20),
                    message="Churn",
                    creator_id=self.store.default_user_id,
                    state="passed",
                    with_jobs=False,
                )


def serve(
    host: str = "127.0.0.1",
    port: int = 8765,
    token: str | None = None,
    realtime: bool = True,
    *,
    seed_demo: bool = True,
    storage_port: int = 0,
) -> None:
    """Serve an emulator until interrupted, printing its URL and token."""
    import time

    emu = Emulator(token=token, realtime=realtime, host=host, port=port, storage_port=storage_port)
    with emu:
        if seed_demo:
            emu.seed_demo()
        print(f"Buildkite emulator listening on {emu.url}", flush=True)
        print(f"  token:        {emu.token}", flush=True)
        print(f"  organization: {emu.org}", flush=True)
        print(f"  storage:      {emu.storage_url}", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
