"""Emoji model."""

from __future__ import annotations

from pydantic import Field

from .._models import BaseModel

__all__ = ["Emoji"]


class Emoji(BaseModel):
    name: str
    url: str | None = None
    aliases: list[str] = Field(default_factory=list)  # only some emojis have aliases
