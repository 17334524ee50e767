"""``Buildkite``: the 1.x entry point (``from pybuildkite.buildkite import Buildkite``)."""

from __future__ import annotations

import os

from .access_tokens import AccessTokens
from .agents import Agents
from .annotations import Annotations
from .artifacts import Artifacts
from .builds import Builds, BuildState
from .client import Client
from .decorators import requires_token
from .emojis import Emojis
from .jobs import Jobs, LogFormat
from .meta import Meta
from .organizations import Organizations
from .pipelines import Pipelines
from .teams import Teams
from .users import Users

__all__ = ["BuildState", "Buildkite", "LogFormat"]

_DEFAULT_SERVER = "https://api.buildkite.com"
_ENV_SERVER = "BUILDKITE_API_URL"


def default_base_url() -> str:
    """``$BUILDKITE_API_URL/v2/`` when that is set (as for the 2.x client), else Buildkite's."""
    server = (os.environ.get(_ENV_SERVER) or _DEFAULT_SERVER).rstrip("/")
    return server + "/" if server.endswith("/v2") else server + "/v2/"


class Buildkite:
    """Public API for Buildkite (1.x).

    Set ``base_url`` (e.g. ``"http://127.0.0.1:8080/v2/"``), or the ``BUILDKITE_API_URL``
    environment variable, to talk to another server.
    """

    def __init__(self, per_page: int = 100) -> None:
        """Create a new client.

        :param per_page: Number of items per page for API requests (default: 100)
        """
        self.client = Client(per_page)
        self.base_url = default_base_url()

    def set_access_token(self, access_token: str) -> None:
        """Set the access token to be used to authenticate the requests."""
        self.client.set_client_access_token(access_token)

    def close(self) -> None:
        """Close the connection pool (also done when the object is garbage-collected)."""
        self.client.close()

    @requires_token
    def organizations(self) -> Organizations:
        """Organization operations."""
        return Organizations(self.client, self.base_url)

    @requires_token
    def pipelines(self) -> Pipelines:
        """Pipeline operations."""
        return Pipelines(self.client, self.base_url)

    @requires_token
    def builds(self) -> Builds:
        """Build operations."""
        return Builds(self.client, self.base_url)

    @requires_token
    def jobs(self) -> Jobs:
        """Job operations."""
        return Jobs(self.client, self.base_url)

    @requires_token
    def agents(self) -> Agents:
        """Agent operations."""
        return Agents(self.client, self.base_url)

    @requires_token
    def emojis(self) -> Emojis:
        """Emoji operations."""
        return Emojis(self.client, self.base_url)

    @requires_token
    def annotations(self) -> Annotations:
        """Annotation operations."""
        return Annotations(self.client, self.base_url)

    @requires_token
    def artifacts(self) -> Artifacts:
        """Artifact operations."""
        return Artifacts(self.client, self.base_url)

    @requires_token
    def teams(self) -> Teams:
        """Team operations."""
        return Teams(self.client, self.base_url)

    @requires_token
    def users(self) -> Users:
        """User operations."""
        return Users(self.client, self.base_url)

    @requires_token
    def access_tokens(self) -> AccessTokens:
        """Access token operations."""
        return AccessTokens(self.client, self.base_url)

    def meta(self) -> Meta:
        """Meta operations (no token needed)."""
        return Meta(self.client, self.base_url)
