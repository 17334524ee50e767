"""Artifacts across origins, rate limits, injected faults and concurrency."""

from __future__ import annotations

import hashlib
import threading
import time

import httpx
import pytest

from pybuildkite.testing import Emulator, Faults, RateLimits


@pytest.fixture
def job(emu: Emulator) -> tuple[str, str]:
    slug = emu.add_pipeline(name="Arts")
    n = emu.add_build(pipeline=slug, state="passed")
    return f"/v2/organizations/acme/pipelines/{slug}/builds/{n}", emu.job_ids(None, slug, n)[0]


def test_artifact_download_redirects_to_storage_without_auth(
    emu: Emulator, api: httpx.Client, job: tuple[str, str]
) -> None:
    build, job_id = job
    art = emu.add_artifact(job_id, "logs/out.txt", b"hello artifact")
    emu.add_artifact(job_id, "dist/app.tar.gz", b"tar")
    listing = api.get(f"{build}/artifacts", params={"path": "logs/*"}).json()
    assert [a["path"] for a in listing] == ["logs/out.txt"]
    meta = api.get(f"{build}/jobs/{job_id}/artifacts/{art}").json()
    assert meta["sha1sum"] == hashlib.sha1(b"hello artifact").hexdigest()
    assert meta["file_size"] == 14 and meta["filename"] == "out.txt" and meta["dirname"] == "logs"
    r = api.get(f"{build}/jobs/{job_id}/artifacts/{art}/download")
    assert r.status_code == 302
    assert r.headers["location"] == r.json()["url"]
    assert r.headers["location"].startswith(emu.storage_url)
    emu.clear_storage_requests()
    followed = api.get(f"{build}/jobs/{job_id}/artifacts/{art}/download", follow_redirects=True)
    assert followed.content == b"hello artifact"
    seen = emu.storage_requests
    assert len(seen) == 1 and "authorization" not in seen[0].headers
    tampered = r.headers["location"].replace("signature=", "signature=0")
    assert httpx.get(tampered).status_code == 403
    assert api.get(f"{build}/artifacts", params={"state": "weird"}).status_code == 422
    assert api.delete(f"/v2/organizations/acme/jobs/{job_id}/artifacts/{art}").status_code == 204
    assert api.get(f"{build}/jobs/{job_id}/artifacts/{art}").json()["state"] == "deleted"
    assert api.get(f"{build}/jobs/{job_id}/artifacts/{art}/download").status_code == 404


def test_large_generated_artifact_streams(
    emu: Emulator, api: httpx.Client, job: tuple[str, str]
) -> None:
    _build, job_id = job
    size = 32 * 1024 * 1024 + 123
    art = emu.add_artifact(job_id, "big.bin", size=size, seed=7)
    url = api.get(f"/v2/organizations/acme/jobs/{job_id}/artifacts/{art}/download").headers[
        "location"
    ]
    digest = hashlib.sha256()
    expected = hashlib.sha256()
    total = 0
    with httpx.stream("GET", url) as r:
        assert r.headers["content-length"] == str(size)
        for chunk in r.iter_bytes():
            digest.update(chunk)
            total += len(chunk)
    for chunk in emu.iter_artifact(art):
        expected.update(chunk)
    assert total == size and digest.hexdigest() == expected.hexdigest()
    ranged = httpx.get(url, headers={"Range": "bytes=-5"})
    assert ranged.status_code == 206 and len(ranged.content) == 5


def test_rate_limit_headers_and_429(emu: Emulator, api: httpx.Client) -> None:
    r = api.get("/v2/user")
    assert r.headers["ratelimit-scope"] == "rest"
    assert r.headers["ratelimit-user-scope"] == "rest_user"
    assert int(r.headers["ratelimit-limit"]) == 100_000
    emu.rate_limits = RateLimits(org=10, user=3, window=0.5)
    seen = [api.get("/v2/user") for _ in range(4)]
    assert [s.status_code for s in seen] == [200, 200, 200, 429]
    assert seen[2].headers["ratelimit-user-remaining"] == "0"
    assert seen[0].headers["ratelimit-remaining"] == "9"
    body = seen[3].json()
    assert body["scope"] == "rest_user" and body["limit"] == 3 and body["current"] == 4
    assert 0 < body["reset"] <= 0.5 and isinstance(body["reset"], float)
    assert body["message"] == (
        f"You have exceeded your API rate limit. Please wait {body['reset']:.3f} seconds "
        "before making more requests."
    )
    assert seen[3].headers["ratelimit-user-warning"] == "You have exceeded your API rate limit."
    time.sleep(0.55)
    assert api.get("/v2/user").status_code == 200
    emu.rate_limits = RateLimits(org=2, user=50, window=60)
    api.get("/v2/user")
    api.get("/v2/user")
    org_limited = api.get("/v2/user")
    assert org_limited.status_code == 429 and org_limited.json()["scope"] == "rest"
    assert org_limited.headers["ratelimit-reset"].isdigit()
    assert org_limited.headers["ratelimit-warning"]


def test_fault_error_and_storm(emu: Emulator, api: httpx.Client) -> None:
    emu.set_faults(paths=("/v2/user",), script=("error", "rate_limit", "ok"))
    assert api.get("/v2/organizations/acme").status_code == 200  # not eligible
    first = api.get("/v2/user")
    assert first.status_code == 503 and first.json() == {"message": "Service Unavailable"}
    assert api.get("/v2/user").status_code == 429
    assert api.get("/v2/user").status_code == 200
    emu.set_faults(paths=("/v2/user",), rate_limit_rate=1.0, storm_length=3, seed=1)
    codes = [api.get("/v2/user").status_code for _ in range(3)]
    assert codes == [429, 429, 429]
    emu.faults = Faults(error_rate=0.5, seed=42, paths=("/v2/user",))
    codes = [api.get("/v2/user").status_code for _ in range(40)]
    assert 5 < codes.count(503) < 35
    assert emu.injected["error"] == 1 + codes.count(503)
    assert emu.injected["rate_limit"] == 4


def test_fault_reset_after_create_still_creates(emu: Emulator, api: httpx.Client) -> None:
    slug = emu.add_pipeline(name="Reset")
    emu.set_faults(
        paths=("/v2/organizations/acme/pipelines/reset/builds",),
        methods=("POST",),
        script=("reset",),
    )
    with pytest.raises(httpx.TransportError):
        api.post(
            f"/v2/organizations/acme/pipelines/{slug}/builds",
            json={"commit": "c", "branch": "main"},
        )
    assert emu.create_counts[f"builds:acme/{slug}"] == 1
    assert emu.injected["reset"] == 1
    assert api.get("/v2/user").status_code == 200  # the server is fine


def test_fault_truncate_and_latency(emu: Emulator, api: httpx.Client) -> None:
    emu.set_faults(paths=("/v2/user",), script=("truncate",))
    with pytest.raises(httpx.RemoteProtocolError):
        api.get("/v2/user")
    assert emu.injected["truncate"] == 1
    emu.set_faults(paths=("/v2/user",), latency=0.2, script=("slow",), slow_delay=0.2)
    start = time.perf_counter()
    assert api.get("/v2/user").status_code == 200
    assert time.perf_counter() - start >= 0.4


def test_fault_trickle_trips_client_timeouts(emu: Emulator) -> None:
    emu.set_faults(paths=("/v2/user",), trickle_rate=1.0, trickle_bytes_per_second=2)
    with httpx.Client(base_url=emu.url, headers={"Authorization": f"Bearer {emu.token}"}) as c:
        with pytest.raises(httpx.ReadTimeout):
            c.get("/v2/user", timeout=httpx.Timeout(5, read=0.2))
        emu.faults = Faults()
    assert emu.injected["trickle"] == 1


def test_fault_churn_adds_builds_while_paging(emu: Emulator, api: httpx.Client) -> None:
    slug = emu.add_pipeline(name="Churn")
    emu.add_builds(10, pipeline=slug)
    emu.set_faults(
        paths=(f"/v2/organizations/acme/pipelines/{slug}/builds",), churn_every=1, churn_builds=2
    )
    url = f"/v2/organizations/acme/pipelines/{slug}/builds"
    api.get(url, params={"per_page": 5})
    api.get(url, params={"per_page": 5, "page": 2})
    emu.faults = Faults()
    assert len(api.get(url, params={"per_page": 100}).json()) == 14
    assert emu.injected["churn"] == 2


def test_threads_hammering_state(emu: Emulator) -> None:
    slug = emu.add_pipeline(
        name="Threads", configuration="steps:\n  - command: ls\n  - wait\n  - command: pwd\n"
    )
    errors: list[BaseException] = []

    def client_work() -> None:
        try:
            with httpx.Client(
                base_url=emu.url, headers={"Authorization": f"Bearer {emu.token}"}
            ) as c:
                for _ in range(20):
                    r = c.post(
                        f"/v2/organizations/acme/pipelines/{slug}/builds",
                        json={"commit": "c", "branch": "main"},
                    )
                    assert r.status_code == 201
                    assert (
                        c.get(f"/v2/organizations/acme/pipelines/{slug}/builds").status_code == 200
                    )
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=client_work) for _ in range(4)]
    for t in threads:
        t.start()
    for _ in range(50):
        emu.advance(5)
        emu.add_build(pipeline=slug)
    for t in threads:
        t.join()
    assert errors == []
    emu.run_agents()
    with httpx.Client(base_url=emu.url, headers={"Authorization": f"Bearer {emu.token}"}) as c:
        builds = c.get(
            f"/v2/organizations/acme/pipelines/{slug}/builds", params={"per_page": 100}
        ).json()
        assert len(builds) == 100
        numbers = sorted(b["number"] for b in builds)
        assert numbers == list(range(31, 131))
        assert {b["state"] for b in builds} == {"passed"}


def test_realtime_agents(emu: Emulator, api: httpx.Client) -> None:
    slug = emu.add_pipeline(name="Live")
    n = emu.add_build(pipeline=slug)
    emu.start_agents(interval=0.01)
    deadline = time.time() + 5
    while time.time() < deadline:
        if (
            api.get(f"/v2/organizations/acme/pipelines/{slug}/builds/{n}").json()["state"]
            == "passed"
        ):
            break
        time.sleep(0.02)
    emu.stop_agents()
    assert (
        api.get(f"/v2/organizations/acme/pipelines/{slug}/builds/{n}").json()["state"] == "passed"
    )
