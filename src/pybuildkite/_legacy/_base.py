"""What every 1.x resource class shares: its client, its base URL and URL building."""

from __future__ import annotations

import pybuildkite

from .client import Client

__all__ = ["Resource"]


class Resource(Client):
    """Base of the 1.x resource classes (which, as in 1.x, are ``Client`` subclasses)."""

    def __init__(self, client: Client, base_url: str) -> None:
        """Construct the class.

        :param client: API Client
        :param base_url: Base Url (e.g. ``https://api.buildkite.com/v2/``)
        """
        self.client = client
        self.base_url = base_url

    def _url(self, template: str, *values: object) -> str:
        """``base_url`` joined with ``template``, each ``{}`` a percent-encoded segment."""
        relative = pybuildkite.path(template, *(str(value) for value in values))
        return self.base_url.rstrip("/") + "/" + relative
