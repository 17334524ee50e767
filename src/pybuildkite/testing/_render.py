"""JSON shapes of emulated resources, field for field as Buildkite documents them.

URLs are built from the emulator's own base URL so that a client can follow
them; ``web_url`` values point at a fictional web host, as they do not need to
resolve.
"""

from __future__ import annotations

import hashlib
from typing import Any

from ._state import (
    Agent,
    Annotation,
    Artifact,
    Build,
    Job,
    Organization,
    Pipeline,
    Schedule,
    Store,
    Team,
    User,
    graphql_id,
    iso,
    utc_text,
)

WEB = "https://buildkite.com"

PROVIDER_SETTINGS_DEFAULTS: dict[str, Any] = {
    "trigger_mode": "code",
    "build_pull_requests": True,
    "pull_request_branch_filter_enabled": False,
    "skip_builds_for_existing_commits": False,
    "skip_pull_request_builds_for_existing_commits": True,
    "build_pull_request_ready_for_review": False,
    "build_pull_request_labels_changed": False,
    "build_pull_request_forks": False,
    "prefix_pull_request_fork_branch_names": True,
    "build_branches": True,
    "build_tags": False,
    "cancel_deleted_branch_builds": False,
    "publish_commit_status": True,
    "publish_commit_status_per_step": False,
    "separate_pull_request_statuses": False,
    "publish_blocked_as_pending": False,
    "use_step_key_as_commit_status": False,
    "filter_enabled": False,
}


def user(u: User | None) -> dict[str, Any] | None:
    if u is None:
        return None
    return {
        "id": u.id,
        "graphql_id": graphql_id("User", u.id),
        "name": u.name,
        "email": u.email,
        "avatar_url": u.avatar_url,
        "created_at": iso(u.created_at),
    }


def user_by_id(store: Store, user_id: str | None) -> dict[str, Any] | None:
    return user(store.users.get(user_id)) if user_id else None


def org_url(store: Store, org: Organization) -> str:
    return f"{store.base_url}/v2/organizations/{org.slug}"


def organization(store: Store, org: Organization) -> dict[str, Any]:
    url = org_url(store, org)
    return {
        "id": org.id,
        "graphql_id": graphql_id("Organization", org.id),
        "url": url,
        "web_url": f"{WEB}/{org.slug}",
        "name": org.name,
        "slug": org.slug,
        "pipelines_url": url + "/pipelines",
        "agents_url": url + "/agents",
        "emojis_url": url + "/emojis",
        "created_at": iso(org.created_at),
    }


def pipeline_url(store: Store, p: Pipeline) -> str:
    return f"{store.base_url}/v2/organizations/{p.org.slug}/pipelines/{p.slug}"


def _provider(store: Store, p: Pipeline, show_webhook: bool) -> dict[str, Any]:
    repo = p.repository
    provider_id = "github" if "github.com" in repo else "gitlab" if "gitlab" in repo else "git"
    settings = dict(PROVIDER_SETTINGS_DEFAULTS)
    settings.update(p.settings.get("provider_settings") or {})
    if provider_id == "github":
        tail = repo.split("github.com", 1)[1].lstrip(":/")
        settings["repository"] = tail.removesuffix(".git")
    webhook = f"{store.base_url}/deliver/{p.webhook_token}" if show_webhook else ""
    return {"id": provider_id, "webhook_url": webhook, "settings": settings}


def visual_steps(p: Pipeline) -> list[dict[str, Any]]:
    from ._sim import parse_steps

    if p.visual_steps is not None:
        return p.visual_steps
    out: list[dict[str, Any]] = []
    for spec in parse_steps(p.configuration):
        step: dict[str, Any] = {"type": spec.type, "name": spec.label}
        if spec.type == "script":
            step.update(
                command=spec.command,
                artifact_paths=spec.artifact_paths_text,
                branch_configuration=spec.raw.get("branches"),
                env=spec.raw.get("env") or {},
                timeout_in_minutes=spec.raw.get("timeout_in_minutes"),
                agent_query_rules=[f"{k}={v}" for k, v in (spec.raw.get("agents") or {}).items()]
                if isinstance(spec.raw.get("agents"), dict)
                else [],
                concurrency=spec.raw.get("concurrency"),
                parallelism=spec.raw.get("parallelism"),
            )
        out.append(step)
    return out


def pipeline_condensed(store: Store, p: Pipeline, show_webhook: bool = False) -> dict[str, Any]:
    url = pipeline_url(store, p)
    s = p.settings
    counts = pipeline_counts(p)
    return {
        "id": p.id,
        "graphql_id": graphql_id("Pipeline", p.id),
        "url": url,
        "web_url": f"{WEB}/{p.org.slug}/{p.slug}",
        "name": p.name,
        "slug": p.slug,
        "repository": p.repository,
        "branch_configuration": s.get("branch_configuration"),
        "default_branch": s.get("default_branch", "main"),
        "provider": _provider(store, p, show_webhook),
        "skip_queued_branch_builds": s.get("skip_queued_branch_builds", False),
        "skip_queued_branch_builds_filter": s.get("skip_queued_branch_builds_filter"),
        "cancel_running_branch_builds": s.get("cancel_running_branch_builds", False),
        "cancel_running_branch_builds_filter": s.get("cancel_running_branch_builds_filter"),
        "builds_url": url + "/builds",
        "badge_url": f"https://badge.buildkite.com/{hashlib.sha1(p.id.encode()).hexdigest()}.svg",
        "created_at": utc_text(p.created_at),
        **counts,
    }


def pipeline_counts(p: Pipeline) -> dict[str, int]:
    # Only unfinished builds matter and they are at the end of the list.
    sb = rb = sj = rj = wj = 0
    for b in reversed(p.builds[-200:]):
        if b.state == "scheduled":
            sb += 1
        elif b.state in ("running", "failing"):
            rb += 1
        else:
            continue
        for j in b.jobs:
            if j.state in ("scheduled", "assigned", "accepted"):
                sj += 1
            elif j.state == "running":
                rj += 1
            elif j.state == "waiting":
                wj += 1
    return {
        "scheduled_builds_count": sb,
        "running_builds_count": rb,
        "scheduled_jobs_count": sj,
        "running_jobs_count": rj,
        "waiting_jobs_count": wj,
    }


def pipeline(
    store: Store, p: Pipeline, show_webhook: bool = False, iso_created: bool = False
) -> dict[str, Any]:
    s = p.settings
    out = pipeline_condensed(store, p, show_webhook)
    out.update(
        {
            "description": s.get("description"),
            "cluster_id": s.get("cluster_id"),
            "pipeline_template_uuid": s.get("pipeline_template_uuid"),
            "allow_rebuilds": s.get("allow_rebuilds", True),
            "created_by": user_by_id(store, p.created_by),
            "archived_at": iso(p.archived_at),
            "env": s.get("env") or {},
            "visibility": s.get("visibility", "private"),
            "tags": s.get("tags"),
            "emoji": s.get("emoji"),
            "color": s.get("color"),
            "default_command_step_timeout": s.get("default_command_step_timeout"),
            "maximum_command_step_timeout": s.get("maximum_command_step_timeout"),
            "clone_mirror_url": s.get("clone_mirror_url"),
        }
    )
    if iso_created:
        out["created_at"] = iso(p.created_at)
    if p.configuration is not None:
        out["configuration"] = p.configuration
    out["steps"] = visual_steps(p)
    return out


def build_url(store: Store, b: Build) -> str:
    return f"{pipeline_url(store, b.pipeline)}/builds/{b.number}"


def build(
    store: Store,
    b: Build,
    *,
    include_jobs: bool = True,
    include_retried: bool = False,
    include_pipeline: bool = True,
    job_states: list[str] | None = None,
    state_counts: bool = False,
) -> dict[str, Any]:
    p = b.pipeline
    url = build_url(store, b)
    out: dict[str, Any] = {
        "id": b.id,
        "graphql_id": graphql_id("Build", b.id),
        "url": url,
        "web_url": f"{WEB}/{p.org.slug}/{p.slug}/builds/{b.number}",
        "number": b.number,
        "state": b.state,
        "cancel_reason": b.cancel_reason,
        "blocked": b.blocked,
        "message": b.message,
        "commit": b.commit,
        "branch": b.branch,
        "env": b.env,
        "source": b.source,
        "author": b.author,
        "creator": user_by_id(store, b.creator_id),
    }
    if include_jobs:
        jobs = [
            j
            for j in b.jobs
            if (include_retried or not j.retried) and (not job_states or j.state in job_states)
        ]
        out["jobs"] = [job(store, j) for j in jobs]
    if state_counts:
        counts: dict[str, int] = {}
        visible = [j for j in b.jobs if not j.retried]
        for j in visible:
            counts[j.state] = counts.get(j.state, 0) + 1
        out["job_state_counts"] = {"total": len(visible), "states": counts}
    out.update(
        {
            "created_at": iso(b.created_at),
            "scheduled_at": iso(b.scheduled_at),
            "started_at": iso(b.started_at),
            "failing_at": iso(b.failing_at),
            "finished_at": iso(b.finished_at),
            "meta_data": b.meta_data,
            "pull_request": b.pull_request or {},
            "merge_queue": None,
            "rebuilt_from": (
                {
                    "id": b.rebuilt_from.id,
                    "number": b.rebuilt_from.number,
                    "url": build_url(store, b.rebuilt_from),
                }
                if b.rebuilt_from
                else None
            ),
            "triggered_from": (
                {
                    "build_id": b.triggered_from.build.id,
                    "build_number": b.triggered_from.build.number,
                    "build_pipeline_slug": b.triggered_from.build.pipeline.slug,
                }
                if b.triggered_from
                else None
            ),
        }
    )
    if include_pipeline:
        out["pipeline"] = pipeline_condensed(store, p)
    return out


def job_url(store: Store, j: Job) -> str:
    return f"{build_url(store, j.build)}/jobs/{j.id}"


def agent_brief(store: Store, a: Agent | None) -> dict[str, Any] | None:
    if a is None:
        return None
    return {
        "id": a.id,
        "graphql_id": graphql_id("Agent", a.id),
        "url": f"{org_url(store, a.org)}/agents/{a.id}",
        "web_url": f"{WEB}/organizations/{a.org.slug}/agents/{a.id}",
        "name": a.name,
        "connection_state": a.connection_state,
        "hostname": a.hostname,
        "ip_address": a.ip_address,
        "user_agent": f"buildkite-agent/{a.version} ({a.os}; {a.arch})",
        "creator": user_by_id(store, a.creator_id),
        "created_at": iso(a.created_at),
    }


def job(store: Store, j: Job) -> dict[str, Any]:
    b = j.build
    web = f"{WEB}/{b.pipeline.org.slug}/{b.pipeline.slug}/builds/{b.number}#{j.id}"
    base: dict[str, Any] = {
        "id": j.id,
        "graphql_id": graphql_id("Job", j.id),
        "type": j.type,
    }
    if j.type == "waiter":
        base.update(
            {
                "state": j.state,
                "step_key": j.step_key,
                "group_key": j.group_key,
                "continue_on_failure": bool(j.step.get("continue_on_failure", False)),
            }
        )
        return base
    if j.type == "manual":
        base.update(
            {
                "label": j.name,
                "step_key": j.step_key,
                "group_key": j.group_key,
                "state": j.state,
                "web_url": None,
                "unblocked_by": user_by_id(store, j.unblocked_by),
                "unblocked_at": iso(j.unblocked_at),
                "unblockable": j.state == "blocked",
                "unblock_url": (
                    f"{store.base_url}/v2/organizations/{b.pipeline.org.slug}/pipelines/"
                    f"{b.pipeline.slug}/builds/{b.number}/jobs/{j.id}/unblock"
                ),
                "fields": j.fields or None,
                "created_at": iso(j.created_at),
            }
        )
        return base
    if j.type == "trigger":
        tb = j.triggered_build
        base.update(
            {
                "name": j.name,
                "step_key": j.step_key,
                "group_key": j.group_key,
                "state": j.state,
                "async": bool(j.step.get("async", False)),
                "web_url": web,
                "created_at": iso(j.created_at),
                "scheduled_at": iso(j.scheduled_at),
                "runnable_at": iso(j.runnable_at),
                "started_at": iso(j.started_at),
                "finished_at": iso(j.finished_at),
                "triggered_build": (
                    {
                        "id": tb.id,
                        "number": tb.number,
                        "url": build_url(store, tb),
                        "web_url": f"{WEB}/{tb.pipeline.org.slug}/{tb.pipeline.slug}/builds/"
                        f"{tb.number}",
                    }
                    if tb
                    else None
                ),
            }
        )
        return base
    url = job_url(store, j)
    agent = store.agents.get(j.agent_id) if j.agent_id else None
    base.update(
        {
            "name": j.name,
            "step_key": j.step_key,
            "group_key": j.group_key,
            "step": {"id": j.step_id, "signature": None},
            "priority": {"number": j.priority},
            "agent_query_rules": _agent_rules(j.step),
            "state": j.state,
            "build_url": build_url(store, b),
            "web_url": web,
            "log_url": url + "/log",
            "raw_log_url": url + "/log.txt",
            "artifacts_url": url + "/artifacts",
            "command": j.command,
            "soft_failed": j.soft_failed,
            "exit_status": j.exit_status,
            "signal": None,
            "signal_reason": None,
            "broken_reason": j.broken_reason,
            "artifact_paths": _artifact_paths_text(j.step),
            "agent": agent_brief(store, agent),
            "created_at": iso(j.created_at),
            "scheduled_at": iso(j.scheduled_at),
            "runnable_at": iso(j.runnable_at),
            "concurrency_wait_time_ms": None,
            "started_at": iso(j.started_at),
            "finished_at": iso(j.finished_at),
            "expired_at": None,
            "retried": j.retried,
            "retried_in_job_id": j.retried_in_job_id,
            "retries_count": j.retries_count,
            "retry_source": j.retry_source,
            "retry_type": j.retry_type,
            "retried_by": user_by_id(store, j.retried_by),
            "parallel_group_index": j.parallel_group_index,
            "parallel_group_total": j.parallel_group_total,
            "matrix": None,
            "cluster_id": None,
            "cluster_url": None,
            "cluster_queue_id": None,
            "cluster_queue_url": None,
        }
    )
    return base


def _agent_rules(step: dict[str, Any]) -> list[str]:
    agents = step.get("agents")
    if isinstance(agents, dict):
        return [f"{k}={v}" for k, v in agents.items()]
    if isinstance(agents, list):
        return [str(a) for a in agents]
    return ["*"]


def _artifact_paths_text(step: dict[str, Any]) -> str:
    paths = step.get("artifact_paths")
    if isinstance(paths, list):
        return ";".join(str(p) for p in paths)
    return str(paths) if paths else ""


def artifact_sha1(store: Store, a: Artifact) -> str:
    if a._sha1 is None:
        from ._server import artifact_chunks

        digest = hashlib.sha1()
        for chunk in artifact_chunks(a):
            digest.update(chunk)
        a._sha1 = digest.hexdigest()
    return a._sha1


def artifact(store: Store, a: Artifact) -> dict[str, Any]:
    url = f"{job_url(store, a.job)}/artifacts/{a.id}"
    dirname, _, filename = a.path.rpartition("/")
    return {
        "id": a.id,
        "job_id": a.job.id,
        "url": url,
        "download_url": url + "/download",
        "state": a.state,
        "path": a.path,
        "dirname": dirname or ".",
        "filename": filename,
        "mime_type": a.mime_type,
        "file_size": a.size,
        "glob_path": None,
        "original_path": None,
        "sha1sum": artifact_sha1(store, a),
    }


def annotation(a: Annotation, omit_body: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": a.id,
        "context": a.context,
        "style": a.style,
        "scope": "job" if a.job_id else "build",
        "job_id": a.job_id,
        "priority": a.priority,
    }
    if not omit_body:
        out["body_html"] = markdown_to_html(a.body)
    out["created_at"] = iso(a.created_at)
    out["updated_at"] = iso(a.updated_at)
    return out


def markdown_to_html(body: str) -> str:
    """A deliberately small Markdown subset: ATX headings; HTML passes through."""
    lines = []
    for line in body.split("\n"):
        stripped = line.lstrip()
        level = len(stripped) - len(stripped.lstrip("#"))
        if 1 <= level <= 6 and stripped[level : level + 1] == " ":
            lines.append(f"<h{level}>{stripped[level + 1 :].strip()}</h{level}>")
        else:
            lines.append(line)
    return "\n".join(lines)


def agent(store: Store, a: Agent) -> dict[str, Any]:
    out = agent_brief(store, a) or {}
    out["web_url"] = f"{WEB}/organizations/{a.org.slug}/agents/{a.id}"
    current = store.jobs.get(a.job_id) if a.job_id else None
    out.update(
        {
            "version": a.version,
            "os_id": a.os,
            "arch": a.arch,
            "queue": _queue_of(a),
            "connected_at": iso(a.connected_at),
            "disconnected_at": iso(a.disconnected_at),
            "lost_at": iso(a.lost_at),
            "stopped_at": iso(a.stopped_at),
            "job": job(store, current) if current else None,
            "last_job_finished_at": iso(a.last_job_finished_at),
            "priority": a.priority,
            "meta_data": list(a.meta_data),
            "paused": a.paused,
            "paused_at": iso(a.paused_at),
            "paused_by": user_by_id(store, a.paused_by),
            "paused_note": a.paused_note,
            "paused_timeout_in_minutes": a.paused_timeout_in_minutes,
            "cluster_queue_id": a.cluster_queue_id,
        }
    )
    return out


def _queue_of(a: Agent) -> str:
    for item in a.meta_data:
        if item.startswith("queue="):
            return item[6:]
    return "default"


def team(store: Store, t: Team) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": t.id,
        "graphql_id": graphql_id("Team", t.id),
        "name": t.name,
        "slug": t.slug,
        "description": t.description,
        "created_at": iso(t.created_at),
        "privacy": t.privacy,
        "default": t.default,
        "created_by": user_by_id(store, t.created_by),
    }
    out.update(t.extra)
    return out


def schedule(store: Store, s: Schedule) -> dict[str, Any]:
    p = s.pipeline
    from datetime import timedelta

    return {
        "id": s.id,
        "graphql_id": graphql_id("PipelineSchedule", s.id),
        "url": f"{pipeline_url(store, p)}/schedules/{s.id}",
        "label": s.label,
        "cronline": s.cronline,
        "message": s.message,
        "commit": s.commit,
        "branch": s.branch or p.settings.get("default_branch", "main"),
        "env": s.env,
        "enabled": s.enabled,
        "next_build_at": iso(store.clock.now() + timedelta(hours=1)) if s.enabled else None,
        "failed_message": s.failed_message,
        "failed_at": iso(s.failed_at),
        "created_at": iso(s.created_at),
        "created_by": user_by_id(store, s.created_by),
        "pipeline": {"id": p.id, "slug": p.slug, "url": pipeline_url(store, p)},
    }
