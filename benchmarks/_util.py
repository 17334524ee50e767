"""Helpers shared by the benchmarks: servers in subprocesses, timing, the 1.3.0 baseline."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE_PYTHON = ROOT / ".venv-bench13" / "bin" / "python"


@contextlib.contextmanager
def static_server(latency: float = 0.0) -> Iterator[str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "benchmarks._static_server", "--latency", str(latency)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        port = int(proc.stdout.readline())
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def best_of(fn: Callable[[], object], repeat: int = 3) -> float:
    """The fastest of ``repeat`` runs: the least disturbed by a noisy machine."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def baseline(script: str, **env: str) -> float:
    """Run a snippet under pybuildkite 1.3.0 (its own venv); it prints seconds as JSON."""
    if not BASELINE_PYTHON.exists():
        raise RuntimeError("pybuildkite 1.3.0 baseline venv missing: run `make bench`")
    out = subprocess.run(
        [str(BASELINE_PYTHON), "-c", script],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    return float(json.loads(out.stdout.strip().splitlines()[-1]))
