"""The command as a separate process: fast help, ``emulator serve`` and the demo end to end."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time

from click.testing import CliRunner

from pybuildkite.cli import cli

HEAVY = ("rich", "httpx", "pydantic", "pybuildkite._client", "pybuildkite.testing._emulator")


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BUILDKITE_")}
    return {**env, "COLUMNS": "160"}


def test_help_imports_nothing_heavy_and_is_fast() -> None:
    code = (
        "import sys\nfrom pybuildkite.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit as e:\n    assert e.code == 0\n"
        f"print([m for m in {HEAVY!r} if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "builds" in out.stdout and "artifacts" in out.stdout
    assert out.stdout.splitlines()[-1] == "[]"
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "pybuildkite", "--help"],
            check=True,
            capture_output=True,
            env=_env(),
        )
        best = min(best, time.perf_counter() - started)
    assert best < 0.3


def test_emulator_serve_answers_until_interrupted() -> None:
    token = "bkua_serve_test_token"
    command = [
        sys.executable,
        "-m",
        "pybuildkite",
        "emulator",
        "serve",
        "--port",
        "0",
        "--token",
        token,
        "--no-realtime",
    ]
    # The context manager closes the pipes; SIGINT is how a person stops the server.
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=_env()) as proc:
        try:
            assert proc.stdout is not None
            first = proc.stdout.readline()
            match = re.search(r"listening on (http://127\.0\.0\.1:\d+)", first)
            assert match, first
            env = {"BUILDKITE_API_URL": match[1], "BUILDKITE_API_TOKEN": token}
            args = ["--org", "acme", "pipelines", "list", "--json"]
            result = CliRunner().invoke(cli, args, env=env)
            assert result.exit_code == 0, result.stderr
            assert "web-app" in result.stdout  # --seed-demo is the default
        finally:
            proc.send_signal(signal.SIGINT)
            proc.communicate(timeout=10)
        assert proc.returncode == 0


def test_demo_runs_end_to_end() -> None:
    started = time.monotonic()
    out = subprocess.run(
        [sys.executable, "-m", "pybuildkite", "demo", "--agent-interval", "0.05"],
        check=False,
        capture_output=True,
        text=True,
        env=_env(),
        timeout=60,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert time.monotonic() - started < 30
    text = out.stdout
    steps = [
        "1. List the organization's pipelines",
        "2. Trigger a build",
        "3. Watch it run",
        "4. The end of the ':hammer: Build' job's log",
        "5. The build's annotations",
        "6. Download the build's artifacts",
        "7. Download again: whole files are skipped",
        "8. Rate-limit status",
    ]
    positions = [text.index(step) for step in steps]
    assert positions == sorted(positions)
    assert "unblocking it" in text and "is now unblocked" in text
    assert "web-app #7  passed" in text
    assert "All tests passed" in text  # the annotation
    assert "downloaded 5 file(s)" in text and "5 skipped" in text
    assert re.search(r"\d+ HTTP requests to the emulator in [\d.]+s; build #7 passed\.", text)
    assert out.stderr == ""
