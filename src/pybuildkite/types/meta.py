"""Models for the unauthenticated meta endpoints."""

from __future__ import annotations

from pydantic import Field

from .._models import BaseModel

__all__ = ["ApiCatalog", "ApiCatalogEntry", "ApiCatalogLink", "Meta", "Ping"]


class Meta(BaseModel):
    """``GET /v2/meta``: the CIDR ranges Buildkite sends webhooks and commit statuses from."""

    webhook_ips: list[str] = Field(default_factory=list)


class Ping(BaseModel):
    """``GET /``: the API root answers with an emoji and the server's clock."""

    message: str | None = None
    timestamp: int | None = None  # Unix seconds


class ApiCatalogLink(BaseModel):
    href: str
    type: str | None = None


class ApiCatalogEntry(BaseModel):
    anchor: str | None = None
    # RFC 9727 relation names contain a dash, which a Python attribute cannot.
    service_desc: list[ApiCatalogLink] = Field(default_factory=list, alias="service-desc")
    service_doc: list[ApiCatalogLink] = Field(default_factory=list, alias="service-doc")


class ApiCatalog(BaseModel):
    """``GET /.well-known/api-catalog`` (RFC 9727 linkset)."""

    linkset: list[ApiCatalogEntry] = Field(default_factory=list)
