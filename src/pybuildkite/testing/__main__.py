"""``python -m pybuildkite.testing``: serve the emulator with demo data."""

from __future__ import annotations

import argparse

from ._emulator import serve


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pybuildkite.testing", description="Serve a local Buildkite API emulator."
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--storage-port", type=int, default=0)
    parser.add_argument("--token", default=None, help="token to accept (default: generated)")
    parser.add_argument(
        "--seed-demo",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="create a demo organization with pipelines, agents and builds",
    )
    parser.add_argument(
        "--realtime",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="let simulated agents progress builds in the background",
    )
    args = parser.parse_args(argv)
    serve(
        host=args.host,
        port=args.port,
        token=args.token,
        realtime=args.realtime,
        seed_demo=args.seed_demo,
        storage_port=args.storage_port,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
