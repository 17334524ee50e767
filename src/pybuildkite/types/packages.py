"""Package Registries models: registries, packages, registry tokens."""

from __future__ import annotations

from typing import Any

from .._models import BaseModel, Timestamp
from .shared import User

__all__ = [
    "Package",
    "PackageDigests",
    "PackageOrganization",
    "PackageRegistryRef",
    "PresignedUpload",
    "PresignedUploadForm",
    "Registry",
    "RegistryToken",
]


class Registry(BaseModel):
    id: str
    graphql_id: str | None = None
    slug: str
    url: str | None = None
    web_url: str | None = None
    name: str | None = None
    ecosystem: str | None = None  # ruby, python, npm, oci, debian, ...
    description: str | None = None
    emoji: str | None = None
    color: str | None = None
    public: bool | None = None
    oidc_policy: Any = None  # stringified YAML or a list of policy statements
    team_ids: list[str] | None = None


class PackageOrganization(BaseModel):
    id: str | None = None
    slug: str | None = None
    url: str | None = None
    web_url: str | None = None


class PackageRegistryRef(BaseModel):
    id: str | None = None
    graphql_id: str | None = None
    slug: str | None = None
    url: str | None = None
    web_url: str | None = None


class PackageDigests(BaseModel):
    sha256: str | None = None
    sha512: str | None = None


class Package(BaseModel):
    id: str
    url: str | None = None
    web_url: str | None = None
    name: str | None = None
    version: str | None = None
    created_at: Timestamp | None = None
    digests: PackageDigests | None = None
    organization: PackageOrganization | None = None
    registry: PackageRegistryRef | None = None


class PresignedUploadForm(BaseModel):
    """How to send the file to storage: a form ``method`` to ``url`` with ``data`` fields and
    the file in the field named ``file_input``."""

    file_input: str | None = None
    method: str | None = None
    url: str | None = None
    data: dict[str, str] | None = None


class PresignedUpload(BaseModel):
    uri: str | None = None
    form: PresignedUploadForm | None = None


class RegistryToken(BaseModel):
    id: str
    graphql_id: str | None = None
    description: str | None = None
    url: str | None = None
    token: str | None = None  # the secret, when the server shows it
    created_at: Timestamp | None = None
    created_by: User | None = None
    organization: PackageOrganization | None = None
    registry: PackageRegistryRef | None = None
