"""Failures: one line on stderr; exit 1 for API errors, 2 for usage errors; no token shown."""

from __future__ import annotations

from .conftest import Run, one_error_line

SECRET = "bkua_do_not_print_me_0123456789"


def test_api_error_is_one_line_and_exit_1(run: Run) -> None:
    line = one_error_line(run("builds", "get", "web-app", "99"), 1)
    assert (
        line
        == "error: GET /v2/organizations/acme/pipelines/web-app/builds/99 -> 404: No build found"
    )


def test_a_rejected_token_is_never_printed(run: Run) -> None:
    result = run("pipelines", "list", env={"BUILDKITE_API_TOKEN": SECRET})
    line = one_error_line(result, 1)
    assert "401" in line and SECRET not in line
    flag = run("--token", SECRET, "api", "GET", "/v2/user", env={"BUILDKITE_API_TOKEN": None})
    assert one_error_line(flag, 1) and SECRET not in flag.stderr + flag.stdout


def test_usage_errors_exit_2_on_one_line(run: Run) -> None:
    one_error_line(run("builds", "get", "web-app", "0"), 2)
    one_error_line(run("builds", "list", "--bogus"), 2)
    one_error_line(run("frobnicate"), 2)
    one_error_line(run("jobs", "log", "some-job", "--pipeline", "web-app"), 2)
    line = one_error_line(run("pipelines", "list", env={"BUILDKITE_ORGANIZATION_SLUG": None}), 2)
    assert "--org" in line and "BUILDKITE_ORGANIZATION_SLUG" in line


def test_org_flag_overrides_the_environment(run: Run) -> None:
    line = one_error_line(run("pipelines", "list", "--org", "nowhere"), 1)
    assert "/organizations/nowhere/" in line
    assert run("--org", "nowhere", "pipelines", "list", "--org", "acme").exit_code == 0


def test_an_insecure_base_url_is_a_usage_error(run: Run) -> None:
    line = one_error_line(
        run("pipelines", "list", env={"BUILDKITE_API_URL": "http://example.com"}), 2
    )
    assert "http://" in line


def test_connection_errors_exit_1(run: Run) -> None:
    result = run("pipelines", "list", env={"BUILDKITE_API_URL": "http://127.0.0.1:9"})
    assert "connection error" in one_error_line(result, 1)
