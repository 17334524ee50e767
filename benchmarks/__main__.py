"""Run every benchmark and print one table of ratios; exit 1 when a target is missed.

Each ratio compares two things measured in this same run on this machine, so a busy machine
slows both sides alike. Usage: ``make bench`` (or ``python -m benchmarks [names...]``).
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from . import cases
from .cases import Row

BENCHES: dict[str, Callable[[], list[Row]]] = {
    "overhead": cases.per_request_overhead,
    "crawl": cases.latency_bound_crawl,
    "ratelimit": cases.rate_limited_crawl,
    "decode": cases.decode,
    "stream": cases.streaming,
    "startup": cases.startup,
    "emulator": cases.emulator_throughput,
}


def main(argv: list[str]) -> int:
    names = argv or list(BENCHES)
    rows: list[Row] = []
    for name in names:
        print(f"running {name} ...", file=sys.stderr, flush=True)
        rows.extend(BENCHES[name]())
    width = max(len(r.name) for r in rows)
    print(f"{'benchmark':<{width}}  {'measured':>12}  {'baseline':>12}  {'ratio':>7}  target    ok")
    for r in rows:
        print(
            f"{r.name:<{width}}  {r.measured:>12}  {r.baseline:>12}  {r.ratio:>7.2f}  "
            f"{r.target:<8}  {'yes' if r.ok else 'NO'}"
        )
    missed = [r.name for r in rows if not r.ok]
    if missed:
        print(f"missed: {', '.join(missed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
