"""``pybuildkite agents list``."""

from __future__ import annotations

from collections.abc import Sequence

import click
from rich.table import Table

from ..types.agents import Agent
from ._context import State, api_command
from ._format import ago, state_text, table

__all__ = ["agents", "agents_table"]


def agents_table(items: Sequence[Agent]) -> Table:
    def job(agent: Agent) -> str:
        running = agent.job or {}
        return str(running.get("label") or running.get("name") or running.get("id") or "")

    return table(
        ("Name", "State", "Hostname", "Version", "Tags", "Job", "Connected"),
        (
            (
                a.name or a.id,
                state_text("paused" if a.paused else a.connection_state),
                a.hostname or "",
                a.version or "",
                " ".join(a.meta_data or []),
                job(a),
                ago(a.connected_at),
            )
            for a in items
        ),
        title=f"{len(items)} agent(s)",
    )


@click.group()
def agents() -> None:
    """List agents."""


@agents.command("list")
@click.option("--name", help="Only agents whose name contains this.")
@click.option("--hostname", help="Only agents on this hostname.")
@click.option("--version", "version", help="Only agents of this version.")
@click.option("--limit", type=click.IntRange(min=1), default=100, show_default=True)
@api_command()
def list_(
    state: State, *, name: str | None, hostname: str | None, version: str | None, limit: int
) -> None:
    """List an organization's agents."""
    items = list(
        state.client.agents.list(
            state.require_org(), name=name, hostname=hostname, version=version, limit=limit
        )
    )
    state.emit(items, lambda: agents_table(items))
