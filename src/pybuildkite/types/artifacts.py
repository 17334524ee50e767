"""Artifact models."""

from __future__ import annotations

from typing import Literal

from .._models import BaseModel

__all__ = ["ARTIFACT_STATES", "Artifact", "ArtifactDownload", "ArtifactState"]

ArtifactState = Literal["new", "error", "finished", "deleted", "expired"] | str
ARTIFACT_STATES = frozenset({"new", "error", "finished", "deleted", "expired"})


class Artifact(BaseModel):
    id: str
    job_id: str | None = None
    url: str | None = None
    download_url: str | None = None
    state: ArtifactState | None = None
    path: str | None = None
    dirname: str | None = None
    filename: str | None = None
    mime_type: str | None = None
    file_size: int | None = None
    sha1sum: str | None = None
    # Deprecated by Buildkite and always null; kept so old code reading them still works.
    glob_path: str | None = None
    original_path: str | None = None


class ArtifactDownload(BaseModel):
    """The body of the download redirect: the signed storage URL."""

    url: str
