"""``Client`` and ``AsyncClient``: configuration, resources, raw requests.

Both clients are thin: configuration is resolved once into a :class:`ClientConfig`, every call
goes through the shared pipeline, and resources (``client.builds``, ``client.pipelines``...) are
created on first use so that constructing a client is cheap and makes no network call.
"""

from __future__ import annotations

import contextlib
import http.cookiejar
import importlib
from collections.abc import AsyncIterator, Iterator, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, Self, TypeVar, overload

import httpx

from . import _constants as C
from ._pipeline import AsyncPipeline, ClientConfig, SyncPipeline
from ._ratelimit import RateLimitSnapshot
from ._request import api_request
from ._transport import SyncTransport, proxy_mounts
from ._types import NOT_GIVEN, NotGiven, TimeoutTypes

if TYPE_CHECKING:
    from .graphql import AsyncGraphQL, GraphQL
    from .resources.access_token import AccessToken, AsyncAccessToken
    from .resources.agents import Agents, AsyncAgents
    from .resources.annotations import Annotations, AsyncAnnotations
    from .resources.artifacts import Artifacts, AsyncArtifacts
    from .resources.builds import AsyncBuilds, Builds
    from .resources.cluster_agent_images import AsyncClusterAgentImages, ClusterAgentImages
    from .resources.cluster_cache_volumes import AsyncClusterCacheVolumes, ClusterCacheVolumes
    from .resources.cluster_maintainers import AsyncClusterMaintainers, ClusterMaintainers
    from .resources.cluster_network_ranges import AsyncClusterNetworkRanges, ClusterNetworkRanges
    from .resources.cluster_queues import AsyncClusterQueues, ClusterQueues
    from .resources.cluster_secrets import AsyncClusterSecrets, ClusterSecrets
    from .resources.cluster_tokens import AsyncClusterTokens, ClusterTokens
    from .resources.clusters import AsyncClusters, Clusters
    from .resources.emojis import AsyncEmojis, Emojis
    from .resources.jobs import AsyncJobs, Jobs
    from .resources.meta import AsyncMeta, Meta
    from .resources.notification_services import AsyncNotificationServices, NotificationServices
    from .resources.organization_api_settings import (
        AsyncOrganizationApiSettings,
        OrganizationApiSettings,
    )
    from .resources.organization_audit_events import (
        AsyncOrganizationAuditEvents,
        OrganizationAuditEvents,
    )
    from .resources.organization_invitations import (
        AsyncOrganizationInvitations,
        OrganizationInvitations,
    )
    from .resources.organization_members import AsyncOrganizationMembers, OrganizationMembers
    from .resources.organization_pipeline_settings import (
        AsyncOrganizationPipelineSettings,
        OrganizationPipelineSettings,
    )
    from .resources.organization_rate_limits import (
        AsyncOrganizationRateLimits,
        OrganizationRateLimits,
    )
    from .resources.organizations import AsyncOrganizations, Organizations
    from .resources.package_registries import AsyncPackageRegistries, PackageRegistries
    from .resources.packages import AsyncPackages, Packages
    from .resources.pipeline_schedules import AsyncPipelineSchedules, PipelineSchedules
    from .resources.pipeline_templates import AsyncPipelineTemplates, PipelineTemplates
    from .resources.pipelines import AsyncPipelines, Pipelines
    from .resources.portals import AsyncPortals, Portals
    from .resources.registry_tokens import AsyncRegistryTokens, RegistryTokens
    from .resources.repository_connections import AsyncRepositoryConnections, RepositoryConnections
    from .resources.rules import AsyncRules, Rules
    from .resources.step_uploads import AsyncStepUploads, StepUploads
    from .resources.team_members import AsyncTeamMembers, TeamMembers
    from .resources.team_pipelines import AsyncTeamPipelines, TeamPipelines
    from .resources.team_suites import AsyncTeamSuites, TeamSuites
    from .resources.teams import AsyncTeams, Teams
    from .resources.test_engine_build_tests import AsyncTestEngineBuildTests, TestEngineBuildTests
    from .resources.test_engine_execution_tags import (
        AsyncTestEngineExecutionTags,
        TestEngineExecutionTags,
    )
    from .resources.test_engine_flaky_tests import AsyncTestEngineFlakyTests, TestEngineFlakyTests
    from .resources.test_engine_quarantine import AsyncTestEngineQuarantine, TestEngineQuarantine
    from .resources.test_engine_runs import AsyncTestEngineRuns, TestEngineRuns
    from .resources.test_engine_suites import AsyncTestEngineSuites, TestEngineSuites
    from .resources.test_engine_tests import AsyncTestEngineTests, TestEngineTests
    from .resources.user import AsyncUser, User

__all__ = ["AsyncClient", "Client"]

R = TypeVar("R")

_POOL_LIMITS = httpx.Limits(max_connections=32, max_keepalive_connections=16)


class _NoCookies(http.cookiejar.CookieJar):
    """The jar of the clients' own pools: it keeps nothing and sends nothing.

    Buildkite's APIs authenticate by token alone, and a cookie set by artifact storage or a
    redirect target has no business reaching another origin. Skipping httpx's cookie handling
    also saves about a tenth of the cost of each small request (measured: see benchmarks).
    """

    def extract_cookies(self, response: Any, request: Any) -> None:
        pass

    def add_cookie_header(self, request: Any) -> None:
        pass


class _Lazy(Generic[R]):
    """A resource attribute: ``client.cluster_queues`` imports ``resources/cluster_queues.py``
    and builds ``ClusterQueues`` (or ``AsyncClusterQueues``) on first access, then caches it."""

    name: str

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type) -> Self: ...
    @overload
    def __get__(self, obj: object, owner: type) -> R: ...
    def __get__(self, obj: object | None, owner: type) -> Any:
        if obj is None:
            return self
        module = importlib.import_module(f"pybuildkite.resources.{self.name}")
        cls_name = "".join(part.capitalize() for part in self.name.split("_"))
        if getattr(obj, "_is_async", False):
            cls_name = "Async" + cls_name
        resource = getattr(module, cls_name)(obj)
        obj.__dict__[self.name] = resource
        return resource


def _raw_request(  # noqa: PLR0917 - mirrors request()'s parameters one to one
    method: str,
    path: str,
    params: Mapping[str, Any] | None,
    json: Any,
    headers: Mapping[str, str] | None,
    timeout: TimeoutTypes | NotGiven,
) -> Any:
    if not isinstance(path, str) or not path:
        raise ValueError("path must be a non-empty string such as '/v2/user'")
    if not path.startswith(("/", "http://", "https://")):
        path = "/" + path
    req = api_request(
        method.upper(),
        path,
        query=params,
        body=None,
        options={"timeout": timeout} if not isinstance(timeout, NotGiven) else None,
        headers=headers,
    )
    if not isinstance(json, NotGiven):
        import json as _json

        from ._encoding import _jsonable

        req.body = _json.dumps(_jsonable(json), separators=(",", ":")).encode()
        req.content_type = "application/json"
    return req


def _json_or_none(response: httpx.Response) -> Any:
    if not response.content:
        return None
    try:
        return response.json()
    except ValueError:
        return response.text


class _BaseClient:
    _config: ClientConfig

    def _repr(self) -> str:
        name = type(self).__name__
        token = "set" if self._config.token else None
        return f"{name}(base_url={str(self._config.base_url)!r}, token={token})"

    @property
    def base_url(self) -> httpx.URL:
        return self._config.base_url

    @property
    def graphql_url(self) -> httpx.URL:
        return self._config.graphql_url

    @property
    def per_page(self) -> int:
        return self._config.per_page

    @property
    def rate_limit(self) -> RateLimitSnapshot:
        """What the last response said about the organization and per-user windows."""
        snapshot: RateLimitSnapshot = self._pipeline_base().limiter.snapshot()
        return snapshot

    def _pipeline_base(self) -> Any:
        # Each subclass sets its own (sync or async) _pipeline.
        return getattr(self, "_pipeline")  # noqa: B009

    def __repr__(self) -> str:
        return self._repr()

    def __reduce__(self) -> Any:
        raise TypeError(
            f"{type(self).__name__} holds a connection pool and a token; it cannot be pickled"
        )


def _resolve(
    *,
    token: str | None,
    base_url: str | httpx.URL | None,
    graphql_url: str | httpx.URL | None,
    timeout: TimeoutTypes | NotGiven,
    max_retries: int,
    per_page: int,
    user_agent: str | None,
    max_rate_limit_wait: float,
    page_concurrency: int,
    allow_insecure_http: bool,
) -> ClientConfig:
    return ClientConfig.resolve(
        token=token,
        base_url=base_url,
        graphql_url=graphql_url,
        timeout=timeout,
        max_retries=max_retries,
        per_page=per_page,
        user_agent=user_agent,
        max_rate_limit_wait=max_rate_limit_wait,
        page_concurrency=page_concurrency,
        allow_insecure_http=allow_insecure_http,
    )


def _changed(config: ClientConfig, changes: dict[str, Any]) -> ClientConfig:
    token = changes.pop("token", config.token.get() if config.token else None)
    merged = dict(
        token=token,
        base_url=changes.pop("base_url", config.base_url),
        graphql_url=changes.pop("graphql_url", config.graphql_url),
        timeout=changes.pop("timeout", config.timeout),
        max_retries=changes.pop("max_retries", config.max_retries),
        per_page=changes.pop("per_page", config.per_page),
        user_agent=changes.pop("user_agent", config.user_agent),
        max_rate_limit_wait=changes.pop("max_rate_limit_wait", config.max_rate_limit_wait),
        page_concurrency=changes.pop("page_concurrency", config.page_concurrency),
        allow_insecure_http=changes.pop("allow_insecure_http", config.allow_insecure_http),
    )
    if changes:
        raise TypeError(f"with_options() got unexpected option(s): {', '.join(sorted(changes))}")
    return ClientConfig.resolve(**merged)


class Client(_BaseClient):
    """The synchronous Buildkite client.

    >>> with Client(token="bkua_...") as bk:  # doctest: +SKIP
    ...     for build in bk.builds.list("acme", "app", branch="main", limit=10):
    ...         print(build.number, build.state)
    """

    _is_async = False

    meta: _Lazy[Meta] = _Lazy()
    access_token: _Lazy[AccessToken] = _Lazy()
    user: _Lazy[User] = _Lazy()
    organizations: _Lazy[Organizations] = _Lazy()
    organization_rate_limits: _Lazy[OrganizationRateLimits] = _Lazy()
    organization_members: _Lazy[OrganizationMembers] = _Lazy()
    organization_invitations: _Lazy[OrganizationInvitations] = _Lazy()
    organization_audit_events: _Lazy[OrganizationAuditEvents] = _Lazy()
    organization_api_settings: _Lazy[OrganizationApiSettings] = _Lazy()
    organization_pipeline_settings: _Lazy[OrganizationPipelineSettings] = _Lazy()
    repository_connections: _Lazy[RepositoryConnections] = _Lazy()
    notification_services: _Lazy[NotificationServices] = _Lazy()
    pipelines: _Lazy[Pipelines] = _Lazy()
    pipeline_schedules: _Lazy[PipelineSchedules] = _Lazy()
    builds: _Lazy[Builds] = _Lazy()
    step_uploads: _Lazy[StepUploads] = _Lazy()
    jobs: _Lazy[Jobs] = _Lazy()
    annotations: _Lazy[Annotations] = _Lazy()
    artifacts: _Lazy[Artifacts] = _Lazy()
    agents: _Lazy[Agents] = _Lazy()
    teams: _Lazy[Teams] = _Lazy()
    team_members: _Lazy[TeamMembers] = _Lazy()
    team_pipelines: _Lazy[TeamPipelines] = _Lazy()
    team_suites: _Lazy[TeamSuites] = _Lazy()
    clusters: _Lazy[Clusters] = _Lazy()
    cluster_queues: _Lazy[ClusterQueues] = _Lazy()
    cluster_tokens: _Lazy[ClusterTokens] = _Lazy()
    cluster_maintainers: _Lazy[ClusterMaintainers] = _Lazy()
    cluster_secrets: _Lazy[ClusterSecrets] = _Lazy()
    cluster_agent_images: _Lazy[ClusterAgentImages] = _Lazy()
    cluster_network_ranges: _Lazy[ClusterNetworkRanges] = _Lazy()
    cluster_cache_volumes: _Lazy[ClusterCacheVolumes] = _Lazy()
    pipeline_templates: _Lazy[PipelineTemplates] = _Lazy()
    rules: _Lazy[Rules] = _Lazy()
    portals: _Lazy[Portals] = _Lazy()
    emojis: _Lazy[Emojis] = _Lazy()
    test_engine_suites: _Lazy[TestEngineSuites] = _Lazy()
    test_engine_runs: _Lazy[TestEngineRuns] = _Lazy()
    test_engine_tests: _Lazy[TestEngineTests] = _Lazy()
    test_engine_flaky_tests: _Lazy[TestEngineFlakyTests] = _Lazy()
    test_engine_quarantine: _Lazy[TestEngineQuarantine] = _Lazy()
    test_engine_execution_tags: _Lazy[TestEngineExecutionTags] = _Lazy()
    test_engine_build_tests: _Lazy[TestEngineBuildTests] = _Lazy()
    package_registries: _Lazy[PackageRegistries] = _Lazy()
    packages: _Lazy[Packages] = _Lazy()
    registry_tokens: _Lazy[RegistryTokens] = _Lazy()

    def __init__(
        self,
        *,
        token: str | None = None,
        base_url: str | httpx.URL | None = None,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int = C.DEFAULT_MAX_RETRIES,
        per_page: int = C.DEFAULT_PER_PAGE,
        user_agent: str | None = None,
        http_client: httpx.Client | None = None,
        max_rate_limit_wait: float = C.DEFAULT_MAX_RATE_LIMIT_WAIT,
        page_concurrency: int = C.DEFAULT_PAGE_CONCURRENCY,
        graphql_url: str | httpx.URL | None = None,
        allow_insecure_http: bool = False,
    ) -> None:
        self._config = _resolve(
            token=token, base_url=base_url, graphql_url=graphql_url, timeout=timeout,
            max_retries=max_retries, per_page=per_page, user_agent=user_agent,
            max_rate_limit_wait=max_rate_limit_wait, page_concurrency=page_concurrency,
            allow_insecure_http=allow_insecure_http,
        )  # fmt: skip
        if http_client is not None and not isinstance(http_client, httpx.Client):
            raise TypeError(
                "http_client must be an httpx.Client (use AsyncClient for httpx.AsyncClient)"
            )
        self._owns_http = http_client is None
        http, direct = (http_client, None) if http_client else _own_sync_http(self._config.timeout)
        self._pipeline = SyncPipeline(self._config, http)
        self._pipeline.own_http = self._owns_http
        self._pipeline.direct = direct

    def with_options(self, **changes: Any) -> Client:
        """A copy with some options changed, sharing this client's connection pool."""
        clone = object.__new__(Client)
        clone._config = _changed(self._config, changes)
        clone._owns_http = False
        same_user = clone._config.token == self._config.token
        clone._pipeline = SyncPipeline(
            clone._config, self._pipeline.http, self._pipeline.limiter if same_user else None
        )
        clone._pipeline.sleep = self._pipeline.sleep
        clone._pipeline.own_http = self._pipeline.own_http
        clone._pipeline.direct = self._pipeline.direct
        return clone

    @property
    def graphql(self) -> GraphQL:
        from .graphql import GraphQL

        value = GraphQL(self)
        self.__dict__["graphql"] = value
        return value

    # -- raw access, through the same pipeline ------------------------------------------
    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = NOT_GIVEN,
        headers: Mapping[str, str] | None = None,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
    ) -> httpx.Response:
        """Send any request (for endpoints or fields this library does not model yet).

        ``path`` is used as given (encode path segments yourself, e.g. with ``pybuildkite.path``);
        ``params`` go through the same query encoder as every endpoint.
        """
        return self._pipeline.send(_raw_request(method, path, params, json, headers, timeout))

    @contextlib.contextmanager
    def stream(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = NOT_GIVEN,
        headers: Mapping[str, str] | None = None,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
    ) -> Iterator[httpx.Response]:
        """Like :meth:`request`, but the body is read as you iterate (``response.iter_bytes()``)."""
        with self._pipeline.stream(_raw_request(method, path, params, json, headers, timeout)) as r:
            yield r

    def get(self, path: str, *, params: Mapping[str, Any] | None = None, **kw: Any) -> Any:
        return _json_or_none(self.request("GET", path, params=params, **kw))

    def post(self, path: str, *, json: Any = NOT_GIVEN, **kw: Any) -> Any:
        return _json_or_none(self.request("POST", path, json=json, **kw))

    def put(self, path: str, *, json: Any = NOT_GIVEN, **kw: Any) -> Any:
        return _json_or_none(self.request("PUT", path, json=json, **kw))

    def patch(self, path: str, *, json: Any = NOT_GIVEN, **kw: Any) -> Any:
        return _json_or_none(self.request("PATCH", path, json=json, **kw))

    def delete(self, path: str, **kw: Any) -> Any:
        return _json_or_none(self.request("DELETE", path, **kw))

    # -- lifecycle -------------------------------------------------------------------------
    def close(self) -> None:
        if self._owns_http:
            self._pipeline.http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncClient(_BaseClient):
    """The asynchronous Buildkite client: the same resources and methods, awaited."""

    _is_async = True

    meta: _Lazy[AsyncMeta] = _Lazy()
    access_token: _Lazy[AsyncAccessToken] = _Lazy()
    user: _Lazy[AsyncUser] = _Lazy()
    organizations: _Lazy[AsyncOrganizations] = _Lazy()
    organization_rate_limits: _Lazy[AsyncOrganizationRateLimits] = _Lazy()
    organization_members: _Lazy[AsyncOrganizationMembers] = _Lazy()
    organization_invitations: _Lazy[AsyncOrganizationInvitations] = _Lazy()
    organization_audit_events: _Lazy[AsyncOrganizationAuditEvents] = _Lazy()
    organization_api_settings: _Lazy[AsyncOrganizationApiSettings] = _Lazy()
    organization_pipeline_settings: _Lazy[AsyncOrganizationPipelineSettings] = _Lazy()
    repository_connections: _Lazy[AsyncRepositoryConnections] = _Lazy()
    notification_services: _Lazy[AsyncNotificationServices] = _Lazy()
    pipelines: _Lazy[AsyncPipelines] = _Lazy()
    pipeline_schedules: _Lazy[AsyncPipelineSchedules] = _Lazy()
    builds: _Lazy[AsyncBuilds] = _Lazy()
    step_uploads: _Lazy[AsyncStepUploads] = _Lazy()
    jobs: _Lazy[AsyncJobs] = _Lazy()
    annotations: _Lazy[AsyncAnnotations] = _Lazy()
    artifacts: _Lazy[AsyncArtifacts] = _Lazy()
    agents: _Lazy[AsyncAgents] = _Lazy()
    teams: _Lazy[AsyncTeams] = _Lazy()
    team_members: _Lazy[AsyncTeamMembers] = _Lazy()
    team_pipelines: _Lazy[AsyncTeamPipelines] = _Lazy()
    team_suites: _Lazy[AsyncTeamSuites] = _Lazy()
    clusters: _Lazy[AsyncClusters] = _Lazy()
    cluster_queues: _Lazy[AsyncClusterQueues] = _Lazy()
    cluster_tokens: _Lazy[AsyncClusterTokens] = _Lazy()
    cluster_maintainers: _Lazy[AsyncClusterMaintainers] = _Lazy()
    cluster_secrets: _Lazy[AsyncClusterSecrets] = _Lazy()
    cluster_agent_images: _Lazy[AsyncClusterAgentImages] = _Lazy()
    cluster_network_ranges: _Lazy[AsyncClusterNetworkRanges] = _Lazy()
    cluster_cache_volumes: _Lazy[AsyncClusterCacheVolumes] = _Lazy()
    pipeline_templates: _Lazy[AsyncPipelineTemplates] = _Lazy()
    rules: _Lazy[AsyncRules] = _Lazy()
    portals: _Lazy[AsyncPortals] = _Lazy()
    emojis: _Lazy[AsyncEmojis] = _Lazy()
    test_engine_suites: _Lazy[AsyncTestEngineSuites] = _Lazy()
    test_engine_runs: _Lazy[AsyncTestEngineRuns] = _Lazy()
    test_engine_tests: _Lazy[AsyncTestEngineTests] = _Lazy()
    test_engine_flaky_tests: _Lazy[AsyncTestEngineFlakyTests] = _Lazy()
    test_engine_quarantine: _Lazy[AsyncTestEngineQuarantine] = _Lazy()
    test_engine_execution_tags: _Lazy[AsyncTestEngineExecutionTags] = _Lazy()
    test_engine_build_tests: _Lazy[AsyncTestEngineBuildTests] = _Lazy()
    package_registries: _Lazy[AsyncPackageRegistries] = _Lazy()
    packages: _Lazy[AsyncPackages] = _Lazy()
    registry_tokens: _Lazy[AsyncRegistryTokens] = _Lazy()

    def __init__(
        self,
        *,
        token: str | None = None,
        base_url: str | httpx.URL | None = None,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int = C.DEFAULT_MAX_RETRIES,
        per_page: int = C.DEFAULT_PER_PAGE,
        user_agent: str | None = None,
        http_client: httpx.AsyncClient | None = None,
        max_rate_limit_wait: float = C.DEFAULT_MAX_RATE_LIMIT_WAIT,
        page_concurrency: int = C.DEFAULT_PAGE_CONCURRENCY,
        graphql_url: str | httpx.URL | None = None,
        allow_insecure_http: bool = False,
    ) -> None:
        self._config = _resolve(
            token=token, base_url=base_url, graphql_url=graphql_url, timeout=timeout,
            max_retries=max_retries, per_page=per_page, user_agent=user_agent,
            max_rate_limit_wait=max_rate_limit_wait, page_concurrency=page_concurrency,
            allow_insecure_http=allow_insecure_http,
        )  # fmt: skip
        if http_client is not None and not isinstance(http_client, httpx.AsyncClient):
            raise TypeError(
                "http_client must be an httpx.AsyncClient (use Client for httpx.Client)"
            )
        self._owns_http = http_client is None
        http, direct = (http_client, None) if http_client else _own_async_http(self._config.timeout)
        self._pipeline = AsyncPipeline(self._config, http)
        self._pipeline.own_http = self._owns_http
        self._pipeline.direct = direct

    def with_options(self, **changes: Any) -> AsyncClient:
        """A copy with some options changed, sharing this client's connection pool."""
        clone = object.__new__(AsyncClient)
        clone._config = _changed(self._config, changes)
        clone._owns_http = False
        same_user = clone._config.token == self._config.token
        clone._pipeline = AsyncPipeline(
            clone._config, self._pipeline.http, self._pipeline.limiter if same_user else None
        )
        clone._pipeline.sleep = self._pipeline.sleep
        clone._pipeline.own_http = self._pipeline.own_http
        clone._pipeline.direct = self._pipeline.direct
        return clone

    @property
    def graphql(self) -> AsyncGraphQL:
        from .graphql import AsyncGraphQL

        value = AsyncGraphQL(self)
        self.__dict__["graphql"] = value
        return value

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = NOT_GIVEN,
        headers: Mapping[str, str] | None = None,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
    ) -> httpx.Response:
        """Send any request (for endpoints or fields this library does not model yet)."""
        return await self._pipeline.send(_raw_request(method, path, params, json, headers, timeout))

    @contextlib.asynccontextmanager
    async def stream(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = NOT_GIVEN,
        headers: Mapping[str, str] | None = None,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
    ) -> AsyncIterator[httpx.Response]:
        """Like :meth:`request`, but the body is read as you iterate (``aiter_bytes()``)."""
        req = _raw_request(method, path, params, json, headers, timeout)
        async with self._pipeline.stream(req) as response:
            yield response

    async def get(self, path: str, *, params: Mapping[str, Any] | None = None, **kw: Any) -> Any:
        return _json_or_none(await self.request("GET", path, params=params, **kw))

    async def post(self, path: str, *, json: Any = NOT_GIVEN, **kw: Any) -> Any:
        return _json_or_none(await self.request("POST", path, json=json, **kw))

    async def put(self, path: str, *, json: Any = NOT_GIVEN, **kw: Any) -> Any:
        return _json_or_none(await self.request("PUT", path, json=json, **kw))

    async def patch(self, path: str, *, json: Any = NOT_GIVEN, **kw: Any) -> Any:
        return _json_or_none(await self.request("PATCH", path, json=json, **kw))

    async def delete(self, path: str, **kw: Any) -> Any:
        return _json_or_none(await self.request("DELETE", path, **kw))

    async def aclose(self) -> None:
        if self._owns_http:
            await self._pipeline.http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()


def _own_sync_http(timeout: httpx.Timeout) -> tuple[httpx.Client, httpx.BaseTransport | None]:
    """The sync client's own httpx client, and its transport when requests may go straight
    to it (no proxy mounted)."""
    transport = SyncTransport(_POOL_LIMITS)
    mounts = proxy_mounts(
        lambda proxy: httpx.HTTPTransport(
            proxy=proxy, verify=transport.ssl_context, limits=_POOL_LIMITS
        )
    )
    http = httpx.Client(
        timeout=timeout,
        limits=_POOL_LIMITS,
        follow_redirects=False,  # the pipeline follows redirects, deciding on the token
        transport=transport,
        mounts=mounts,
        cookies=_NoCookies(),
    )
    return http, None if mounts else transport


def _own_async_http(
    timeout: httpx.Timeout,
) -> tuple[httpx.AsyncClient, httpx.AsyncBaseTransport | None]:
    transport = _default_async_transport()
    mounts = proxy_mounts(lambda proxy: httpx.AsyncHTTPTransport(proxy=proxy, limits=_POOL_LIMITS))
    http = httpx.AsyncClient(
        timeout=timeout,
        limits=_POOL_LIMITS,
        follow_redirects=False,
        transport=transport,
        mounts=mounts,
        cookies=_NoCookies(),
    )
    return http, None if mounts else transport


def _default_async_transport() -> httpx.AsyncBaseTransport:
    """aiohttp's connection pool when the ``aiohttp`` extra is installed, else httpx's own.

    Chosen by measurement (see the README's benchmarks): with 20 requests in flight, httpx's
    async pool was several times slower than making the same requests one by one, while the
    aiohttp transport was faster than sequential.
    """
    try:
        from httpx_aiohttp import AiohttpTransport
    except ImportError:
        return httpx.AsyncHTTPTransport(limits=_POOL_LIMITS)
    return AiohttpTransport(limits=_POOL_LIMITS)
