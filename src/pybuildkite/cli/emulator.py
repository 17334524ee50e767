"""``pybuildkite emulator serve``: the local Buildkite emulator as a standalone server."""

from __future__ import annotations

import click

__all__ = ["emulator"]


@click.group()
def emulator() -> None:
    """Run the local Buildkite emulator."""


@emulator.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8765,
    show_default=True,
    help="Port to listen on (0: any free port).",
)
@click.option(
    "--token",
    "accept_token",
    metavar="TOKEN",
    help="The API token to accept [default: a new random one, printed].",
)
@click.option(
    "--realtime/--no-realtime",
    default=True,
    show_default=True,
    help="Let simulated agents run builds in the background.",
)
@click.option(
    "--seed-demo/--no-seed-demo",
    default=True,
    show_default=True,
    help="Start with a demo organization: pipelines, agents and builds.",
)
def serve(host: str, port: int, accept_token: str | None, realtime: bool, seed_demo: bool) -> None:
    """Serve a Buildkite REST API emulator until interrupted (Ctrl-C).

    Point the CLI at it with BUILDKITE_API_URL and BUILDKITE_API_TOKEN as printed.
    """
    try:
        from ..testing import serve as run
    except ImportError as err:  # the server needs the "emulator" extra
        raise click.ClickException(
            f"the emulator needs extra packages ({err.name}): pip install 'pybuildkite[emulator]'"
        ) from None
    try:
        run(host=host, port=port, token=accept_token, realtime=realtime, seed_demo=seed_demo)
    except OSError as err:
        raise click.ClickException(f"cannot listen on {host}:{port}: {err.strerror}") from None
