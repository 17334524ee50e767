"""``pybuildkite pipelines list|get``."""

from __future__ import annotations

from collections.abc import Sequence

import click
from rich.console import Group
from rich.syntax import Syntax
from rich.table import Table

from ..types.pipelines import Pipeline
from ._context import State, api_command
from ._format import ago, table

__all__ = ["pipelines", "pipelines_table"]


def pipelines_table(items: Sequence[Pipeline]) -> Table:
    return table(
        ("Slug", "Name", "Repository", "Default branch", "Running", "Created"),
        (
            (
                p.slug,
                p.name or "",
                p.repository or "",
                p.default_branch or "",
                p.running_builds_count if p.running_builds_count is not None else "-",
                ago(p.created_at),
            )
            for p in items
        ),
        title=f"{len(items)} pipeline(s)",
    )


@click.group()
def pipelines() -> None:
    """List and show pipelines."""


@pipelines.command("list")
@click.option("--name", help="Only pipelines whose name contains this (any case).")
@click.option("--repository", help="Only pipelines whose repository URL contains this.")
@click.option("--limit", type=click.IntRange(min=1), default=100, show_default=True)
@api_command()
def list_(state: State, *, name: str | None, repository: str | None, limit: int) -> None:
    """List an organization's pipelines."""
    items = list(
        state.client.pipelines.list(
            state.require_org(), name=name, repository=repository, limit=limit
        )
    )
    state.emit(items, lambda: pipelines_table(items))


@pipelines.command("get")
@click.argument("pipeline")
@api_command()
def get(state: State, *, pipeline: str) -> None:
    """Show one pipeline and its steps."""
    p = state.client.pipelines.get(state.require_org(), pipeline)

    def render() -> Group:
        facts = Table.grid(padding=(0, 2))
        facts.add_column(style="bold")
        facts.add_column()
        for label, value in (
            ("Name", p.name),
            ("Slug", p.slug),
            ("Repository", p.repository),
            ("Default branch", p.default_branch),
            ("Visibility", p.visibility),
            ("Web", p.web_url),
            ("Created", ago(p.created_at)),
            ("Archived", ago(p.archived_at) if p.archived_at else None),
        ):
            if value:
                facts.add_row(label, str(value))
        parts: list[Table | Syntax] = [facts]
        if p.configuration:
            parts.append(Syntax(p.configuration, "yaml", theme="ansi_dark"))
        return Group(*parts)

    state.emit(p, render)
