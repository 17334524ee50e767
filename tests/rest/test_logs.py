"""Job logs on the wire (JSON, text, HTML, HEAD size, Range tail, delete) and strip_log()."""

from __future__ import annotations

from collections import Counter

import pytest

import pybuildkite
from pybuildkite.logs import strip_log
from pybuildkite.testing import Emulator
from pybuildkite.types.jobs import JobLog

from .test_jobs import build_route, job_by_key, last, org_route, seed_build


def finished_job(emu: Emulator) -> tuple[str, int, str]:
    slug, number = seed_build(emu)
    return slug, number, str(job_by_key(emu, slug, number, "unit")["id"])


def test_log_json(buildkite_emulator: Emulator, buildkite_client: pybuildkite.Client) -> None:
    emu = buildkite_emulator
    slug, number, job_id = finished_job(emu)
    log = buildkite_client.jobs.log(emu.org, job_id, pipeline=slug, build=number)
    assert isinstance(log, JobLog)
    assert (last(emu).method, last(emu).path) == (
        "GET",
        build_route(emu, slug, number, job_id) + "/log",
    )
    assert last(emu).headers["accept"] == "application/json"
    assert log.size == len(log.content.encode())
    assert log.header_times and all(isinstance(t, int) for t in log.header_times)
    assert "\x1b" in log.content
    assert "\x1b" not in log.plain_text and "make unit; exit 1" in log.plain_text


def test_log_text_html_and_size(
    buildkite_emulator: Emulator, buildkite_client: pybuildkite.Client
) -> None:
    emu = buildkite_emulator
    slug, number, job_id = finished_job(emu)
    jobs = buildkite_client.jobs
    text = jobs.log_text(emu.org, job_id)
    assert (last(emu).method, last(emu).path) == ("GET", org_route(emu, job_id) + "/log")
    assert last(emu).headers["accept"] == "text/plain"
    assert text == jobs.log(emu.org, job_id).content
    assert text.startswith("\x1b_bk;t=") and "exited with status 1" in text

    size = jobs.log_size(emu.org, job_id, pipeline=slug, build=number)
    assert (last(emu).method, last(emu).path) == (
        "HEAD",
        build_route(emu, slug, number, job_id) + "/log",
    )
    assert size == len(text.encode()) > 0

    html = jobs.log_html(emu.org, job_id)
    assert last(emu).headers["accept"] == "text/html"
    assert "<span" in html and "\x1b" not in html


@pytest.mark.parametrize("n", [1, 10, 57, 10_000])
def test_tail_returns_exactly_the_last_n_bytes(
    buildkite_emulator: Emulator, buildkite_client: pybuildkite.Client, n: int
) -> None:
    emu = buildkite_emulator
    slug, number, job_id = finished_job(emu)
    raw = buildkite_client.jobs.log_text(emu.org, job_id).encode()
    tail = buildkite_client.jobs.tail(emu.org, job_id, n, pipeline=slug, build=number)
    assert tail == raw[-n:]
    assert len(tail) == min(n, len(raw))
    record = last(emu)
    assert (record.method, record.path, record.status) == (
        "GET", build_route(emu, slug, number, job_id) + "/log", 206
    )  # fmt: skip
    assert record.headers["range"] == f"bytes=-{n}"
    assert record.headers["accept"] == "text/plain"


def test_tail_may_cut_a_character(
    buildkite_emulator: Emulator, buildkite_client: pybuildkite.Client
) -> None:
    emu = buildkite_emulator
    _slug, _number, job_id = finished_job(emu)
    raw = buildkite_client.jobs.log_text(emu.org, job_id).encode()
    cut = len(raw) - raw.index("🚨".encode()) - 1  # inside the four-byte emoji
    assert buildkite_client.jobs.tail(emu.org, job_id, cut) == raw[-cut:]


def test_delete_log_then_tail_of_empty_log(
    buildkite_emulator: Emulator, buildkite_client: pybuildkite.Client
) -> None:
    emu = buildkite_emulator
    slug, number, job_id = finished_job(emu)
    jobs = buildkite_client.jobs
    assert jobs.delete_log(emu.org, job_id, pipeline=slug, build=number) is None
    assert (last(emu).method, last(emu).path, last(emu).status) == (
        "DELETE", build_route(emu, slug, number, job_id) + "/log", 204
    )  # fmt: skip
    assert jobs.log_size(emu.org, job_id) == 0
    assert jobs.log_text(emu.org, job_id) == ""
    # Buildkite answers a Range on an empty log with 416; the tail of nothing is empty
    assert jobs.tail(emu.org, job_id, 100) == b""
    assert last(emu).status == 416


@pytest.mark.parametrize(
    ("n", "error"), [(0, ValueError), (-5, ValueError), (True, TypeError), ("9", TypeError)]
)
def test_tail_rejects_bad_counts(
    buildkite_emulator: Emulator,
    buildkite_client: pybuildkite.Client,
    n: object,
    error: type[Exception],
) -> None:
    with pytest.raises(error, match="n "):
        buildkite_client.jobs.tail(buildkite_emulator.org, "job", n)  # type: ignore[arg-type]
    assert buildkite_emulator.requests == []


def test_log_of_unknown_job(
    buildkite_emulator: Emulator, buildkite_client: pybuildkite.Client
) -> None:
    with pytest.raises(pybuildkite.NotFoundError):
        buildkite_client.jobs.log_size(
            buildkite_emulator.org, "00000000-0000-4000-8000-000000000000"
        )
    assert last(buildkite_emulator).method == "HEAD"


async def test_async_logs(
    buildkite_emulator: Emulator, async_buildkite_client: pybuildkite.AsyncClient
) -> None:
    emu = buildkite_emulator
    slug, number, job_id = finished_job(emu)
    jobs = async_buildkite_client.jobs
    text = await jobs.log_text(emu.org, job_id, pipeline=slug, build=number)
    raw = text.encode()
    assert await jobs.log_size(emu.org, job_id) == len(raw)
    assert await jobs.tail(emu.org, job_id, 33) == raw[-33:]
    assert (await jobs.log(emu.org, job_id)).content == text
    assert "<span" in await jobs.log_html(emu.org, job_id)
    await jobs.delete_log(emu.org, job_id)
    assert await jobs.tail(emu.org, job_id, 5) == b""
    assert Counter(r.method for r in emu.requests) == Counter({"GET": 5, "HEAD": 1, "DELETE": 1})


@pytest.mark.parametrize(
    ("raw", "plain"),
    [
        ("\x1b_bk;t=1700000000000\x07\x1b[32mok\x1b[0m\r\n", "ok\n"),
        ("10%\r55%\r100%\nnext\n", "100%\nnext\n"),
        # an erase-line redraw: the last redraw is what a reader sees
        ("Downloading 50%\r\x1b[KDone\n", "Done\n"),
        ("spinner\r\n", "spinner\n"),
        ("trailing redraw\r", "trailing redraw"),
        ("ab\bc\n", "ac\n"),
        ("\x1b]1339;url=artifact://a.png\x07image\n", "image\n"),
        ("\x1b]8;;https://example.com\x1b\\link\x1b]8;;\x1b\\\n", "link\n"),
        ("bold \x1b[1;31;4mred\x1b[m and \x1b(Bcharset\n", "bold red and charset\n"),
        ("\x9b31mc1 csi\x9b0m\n", "c1 csi\n"),
        ("cut mid-escape \x1b[3", "cut mid-escape "),
        ("cut mid-marker \x1b_bk;t=17", "cut mid-marker "),
        ("tab\tstays, bell\x07 goes\n", "tab\tstays, bell goes\n"),
        ("unicode ✔ 🚨 …\n", "unicode ✔ 🚨 …\n"),
        ("", ""),
    ],
)
def test_strip_log(raw: str, plain: str) -> None:
    assert strip_log(raw) == plain


def test_strip_log_emulator_style_log() -> None:
    raw = (
        "\x1b_bk;t=1700000000000\x07~~~ Preparing working directory\r\n"
        "\x1b_bk;t=1700000000100\x07\x1b[90m# Checking out abc on main\x1b[0m\r\n"
        "\x1b_bk;t=1700000000200\x07--- :hammer: Tests\r\n"
        "\x1b_bk;t=1700000000300\x07\x1b[32m✔ Command succeeded\x1b[0m\r\n"
    )
    assert strip_log(raw) == (
        "~~~ Preparing working directory\n# Checking out abc on main\n--- :hammer: Tests\n"
        "✔ Command succeeded\n"
    )


def test_strip_log_rejects_bytes() -> None:
    with pytest.raises(TypeError, match="str"):
        strip_log(b"\x1b[0m")  # type: ignore[arg-type]
