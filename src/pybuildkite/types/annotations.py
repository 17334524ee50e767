"""Annotation models."""

from __future__ import annotations

from typing import Literal

from .._models import BaseModel, Timestamp

__all__ = ["ANNOTATION_STYLES", "Annotation", "AnnotationScope", "AnnotationStyle"]

AnnotationStyle = Literal["success", "info", "warning", "error"]
ANNOTATION_STYLES = frozenset({"success", "info", "warning", "error"})
AnnotationScope = Literal["build", "job"]


class Annotation(BaseModel):
    id: str
    context: str | None = None
    style: AnnotationStyle | str | None = None
    scope: AnnotationScope | str | None = None
    #: The job it belongs to; ``None`` for build-scoped annotations.
    job_id: str | None = None
    priority: int | None = None
    #: Absent when listed with ``omit_body=True``.
    body_html: str | None = None
    created_at: Timestamp | None = None
    updated_at: Timestamp | None = None
