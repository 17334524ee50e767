"""The build and job engine.

Jobs come from the pipeline's YAML ``configuration`` (or visual ``steps``) when a
build is created:

* ``command``/``commands`` -> ``script`` job; ``wait`` -> ``waiter``;
  ``block``/``input`` -> ``manual``; ``trigger`` -> ``trigger``.
* ``group`` steps are flattened; their children get the group's ``key`` as
  ``group_key`` and inherit its ``depends_on``.
* ``key``, ``label``/``name``, ``depends_on``, ``allow_dependency_failure``,
  ``soft_fail``, ``parallelism``, ``env``, ``agents`` and ``artifact_paths`` are
  honoured.
* ``wait`` and ``block`` steps are barriers: they wait for every job since the
  previous barrier, and every later job waits for them.  ``depends_on`` adds
  dependencies on top of that.

A simulated agent then moves each job one transition at a time::

    waiting -> scheduled -> assigned -> running -> passed | failed   (script)
    waiting -> passed | waiting_failed                              (waiter)
    waiting -> blocked -> unblocked (via the API) | blocked_failed   (manual)
    waiting -> running -> passed | failed (when the triggered build ends)

Jobs whose dependencies failed become ``broken`` (scripts and triggers),
``waiting_failed`` (waiters, unless ``continue_on_failure``) or
``blocked_failed`` (blocks).  The build's state is derived after every
transition: ``scheduled`` until a job starts, then ``running``, ``failing`` once
a job hard-failed while others still run, ``blocked`` (with ``blocked: true``)
while a block step holds it, and finally ``passed`` or ``failed``.

Rules for what a command does (all deterministic):

* **Exit status**: the first ``exit N`` in the command is its exit status
  (so ``exit 1`` fails); otherwise 0.  With ``soft_fail: true`` (or a matching
  ``soft_fail: [{exit_status: N}]``) a failure is ``soft_failed`` and does not
  fail the build.
* **Artifacts**: each ``artifact_paths`` entry (a list or ``;``-separated string)
  becomes one finished artifact.  Glob characters are replaced: ``**/`` is
  dropped and ``*`` becomes ``artifact``, so ``dist/*.tar.gz`` uploads
  ``dist/artifact.tar.gz``.  Content is a short text naming the build and path.
* **Annotations**: a command line ``buildkite-agent annotate "<body>" [--style S]
  [--context C] [--append] [--priority N] [--scope job]`` creates or appends an
  annotation when the job finishes.
* **Meta-data**: ``buildkite-agent meta-data set KEY VALUE`` sets build meta-data.
* **Logs** are produced on demand from the job's times, with Buildkite's
  ``\\x1b_bk;t=<ms>\\x07`` timestamp markers, ANSI colours and ``~~~``/``---``
  section headers.

Agents: a job is assigned to a connected, unpaused, idle agent of the build's
organization.  If the organization has no agents at all, one called
``emulator-agent-1`` is registered on first use.

Events: :func:`notify` is the one place build and job changes are announced
(``Store.emit``, which the webhook dispatcher listens to); it runs after every
transition, cancel and seeding.  A build entering ``scheduled``, ``running`` or
``failing`` emits ``build.scheduled``/``build.running``/``build.failing``;
``passed``, ``failed``, ``canceled``, ``not_run`` and ``blocked`` emit
``build.finished``; ``skipped`` emits ``build.skipped``.  Command, trigger and
block jobs emit ``job.scheduled`` (runnable), ``job.started`` (running),
``job.activated`` (a block unblocked) and ``job.finished`` (any other final
state); wait steps emit nothing.  While a build starts or runs its own event
comes before its jobs'; once it finishes, after them.  A build seeded with a
``state`` announces only the state it is put in (and its jobs theirs), not the
steps in between.  :func:`notify_agent` announces agent connection states
(``agent.connected``, ``agent.stopping``, ``agent.stopped``,
``agent.disconnected``, ``agent.lost``).
"""

from __future__ import annotations

import contextlib
import functools
import mimetypes
import re
import shlex
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import yaml

from ._http import branch_allowed
from ._state import (
    FINISHED_BUILD_STATES,
    Agent,
    Annotation,
    Artifact,
    Build,
    Job,
    Organization,
    Pipeline,
    Store,
)

RUNNING_JOB_STATES = frozenset({"scheduled", "assigned", "accepted", "running"})
FAILED_DEP_STATES = frozenset(
    {
        "failed",
        "timed_out",
        "canceled",
        "broken",
        "waiting_failed",
        "blocked_failed",
        "unblocked_failed",
        "expired",
    }
)
SATISFIED_STATES = frozenset({"passed", "unblocked", "skipped"})
TERMINAL_JOB_STATES = SATISFIED_STATES | FAILED_DEP_STATES
RETRYABLE_JOB_STATES = frozenset({"failed", "timed_out", "canceled"})

_EXIT = re.compile(r"\bexit\s+(\d+)")


class StepError(ValueError):
    """The pipeline configuration could not be turned into steps."""


@dataclass(slots=True, frozen=True)
class StepSpec:
    type: str
    label: str | None
    command: str | None
    key: str | None
    group_key: str | None
    depends_on: tuple[str, ...]
    artifact_paths: tuple[str, ...]
    raw: dict[str, Any] = field(hash=False, compare=False)

    @property
    def artifact_paths_text(self) -> str | None:
        return ";".join(self.artifact_paths) if self.artifact_paths else None


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, list):
        return value
    return [value]


def _depends(value: Any) -> tuple[str, ...]:
    out: list[str] = []
    for item in _as_list(value):
        if isinstance(item, dict):
            step = item.get("step")
            if step:
                out.append(str(step))
        elif item is not None:
            out.append(str(item))
    return tuple(out)


def _spec(step: Any, group_key: str | None, group_deps: tuple[str, ...]) -> list[StepSpec]:
    if isinstance(step, str):
        if step in ("wait", "waiter"):
            return [StepSpec("waiter", None, None, None, group_key, group_deps, (), {})]
        if step in ("block", "input"):
            return [StepSpec("manual", step, None, None, group_key, group_deps, (), {})]
        raise StepError(f"Unknown step type: {step!r}")
    if not isinstance(step, dict):
        raise StepError("Each step must be a string or a mapping")
    key = step.get("key") or step.get("id") or step.get("identifier")
    key = str(key) if key is not None else None
    deps = group_deps + _depends(step.get("depends_on"))
    if "group" in step and "steps" in step:
        gkey = key or group_key
        out: list[StepSpec] = []
        for child in _as_list(step.get("steps")):
            out.extend(_spec(child, gkey, deps))
        return out
    if "wait" in step or step.get("type") in ("wait", "waiter"):
        return [StepSpec("waiter", None, None, key, group_key, deps, (), step)]
    if "block" in step or "input" in step or step.get("type") in ("block", "manual", "input"):
        label = step.get("block") or step.get("input") or step.get("label") or step.get("name")
        return [
            StepSpec("manual", str(label) if label else None, None, key, group_key, deps, (), step)
        ]
    if "trigger" in step or step.get("type") == "trigger":
        label = step.get("label") or step.get("name") or step.get("trigger")
        return [StepSpec("trigger", str(label), None, key, group_key, deps, (), step)]
    cmd = step.get("command", step.get("commands"))
    if cmd is None and step.get("type") not in ("script", "command"):
        raise StepError(f"Unknown step: {sorted(step)!r}")
    if isinstance(cmd, list):
        command = "\n".join(str(c) for c in cmd)
    else:
        command = "" if cmd is None else str(cmd)
    label = step.get("label") or step.get("name")
    paths_raw = step.get("artifact_paths")
    if isinstance(paths_raw, str):
        paths = tuple(p.strip() for p in paths_raw.split(";") if p.strip())
    else:
        paths = tuple(str(p) for p in _as_list(paths_raw))
    return [
        StepSpec(
            "script", str(label) if label else None, command, key, group_key, deps, paths, step
        )
    ]


@functools.lru_cache(maxsize=256)
def _parse_cached(configuration: str) -> tuple[tuple[StepSpec, ...], dict[str, Any]]:
    try:
        doc = yaml.safe_load(configuration)
    except yaml.YAMLError as exc:
        raise StepError(f"Pipeline configuration is not valid YAML: {exc}") from None
    if isinstance(doc, list):
        doc = {"steps": doc}
    if not isinstance(doc, dict) or "steps" not in doc:
        raise StepError("Pipeline configuration must have a `steps` list")
    specs: list[StepSpec] = []
    for step in _as_list(doc.get("steps")):
        specs.extend(_spec(step, None, ()))
    env = doc.get("env") if isinstance(doc.get("env"), dict) else {}
    return tuple(specs), {str(k): str(v) for k, v in (env or {}).items()}


def parse_steps(configuration: str | None) -> tuple[StepSpec, ...]:
    if not configuration:
        return ()
    return _parse_cached(configuration)[0]


def config_env(configuration: str | None) -> dict[str, str]:
    if not configuration:
        return {}
    try:
        return _parse_cached(configuration)[1]
    except StepError:
        return {}


def pipeline_specs(p: Pipeline) -> tuple[StepSpec, ...]:
    if p.configuration is not None:
        try:
            return parse_steps(p.configuration)
        except StepError:
            return ()
    specs: list[StepSpec] = []
    for step in p.visual_steps or []:
        with contextlib.suppress(StepError):
            specs.extend(_spec(_visual_to_yaml(step), None, ()))
    return tuple(specs)


def _visual_to_yaml(step: dict[str, Any]) -> dict[str, Any]:
    kind = step.get("type", "script")
    if kind == "waiter":
        return {"wait": None}
    if kind == "manual":
        return {"block": step.get("label") or step.get("name") or "Continue"}
    if kind == "trigger":
        return {"trigger": step.get("trigger_project_slug") or step.get("trigger")}
    out = {k: v for k, v in step.items() if k != "type"}
    out.setdefault("command", "")
    return out


# ---------------------------------------------------------------------------
# Build creation
# ---------------------------------------------------------------------------


def create_build(
    store: Store,
    pipeline: Pipeline,
    *,
    branch: str,
    commit: str,
    message: str = "",
    creator_id: str | None = None,
    source: str = "api",
    env: dict[str, Any] | None = None,
    meta_data: dict[str, str] | None = None,
    author: dict[str, Any] | None = None,
    pull_request: dict[str, Any] | None = None,
    clean_checkout: bool = False,
    created_at: datetime | None = None,
    state: str | None = None,
    with_jobs: bool = True,
    skip_filters: bool = True,
    triggered_from: Job | None = None,
) -> Build:
    now = created_at or store.clock.now()
    number = pipeline.next_number
    pipeline.next_number += 1
    b = Build(
        id=store.new_id(),
        seq=store.next_seq(),
        pipeline=pipeline,
        number=number,
        state="scheduled",
        branch=branch,
        commit=commit,
        message=message,
        creator_id=creator_id,
        created_at=now,
        source=source,
        env=dict(env or {}),
        meta_data=dict(meta_data or {}),
        author=author,
        pull_request=pull_request,
        clean_checkout=clean_checkout,
        scheduled_at=now,
        triggered_from=triggered_from,
    )
    store.add_build_record(b)
    branch_filter = pipeline.settings.get("branch_configuration")
    if not skip_filters and branch_filter and not branch_allowed(branch_filter, branch):
        b.state = "skipped"
        b.finished_at = now
        notify(store, b)
        return b
    if with_jobs:
        _create_jobs(store, b, now)
    if state is None or state == "scheduled":
        store.active[b.id] = b
        update_build_state(store, b)
    else:
        settle(store, b, state)
    return b


def _create_jobs(store: Store, b: Build, now: datetime) -> None:
    specs = pipeline_specs(b.pipeline)
    barrier: str | None = None
    since: list[str] = []
    by_key: dict[str, list[str]] = {}
    pending_deps: list[tuple[Job, tuple[str, ...]]] = []
    for spec in specs:
        count = 1
        if spec.type == "script":
            par = spec.raw.get("parallelism")
            if isinstance(par, int) and par > 1:
                count = min(par, 100)
        for idx in range(count):
            j = Job(
                id=store.new_id(),
                build=b,
                type=spec.type,
                step=spec.raw,
                state="waiting",
                created_at=now,
                name=spec.label if spec.type != "script" else (spec.label or spec.command),
                command=spec.command,
                step_key=spec.key,
                group_key=spec.group_key,
                step_id=store.new_id(),
                soft_fail=bool(spec.raw.get("soft_fail")),
            )
            if count > 1:
                j.parallel_group_index = idx
                j.parallel_group_total = count
            if spec.type in ("waiter", "manual"):
                j.deps = since + ([barrier] if barrier else [])
            else:
                j.deps = [barrier] if barrier else []
            if spec.depends_on:
                pending_deps.append((j, spec.depends_on))
            b.jobs.append(j)
            store.jobs[j.id] = j
            for k in (spec.key, spec.group_key):
                if k:
                    by_key.setdefault(k, []).append(j.id)
            if spec.type in ("waiter", "manual"):
                barrier = j.id
                since = []
            else:
                since.append(j.id)
    for j, keys in pending_deps:
        for k in keys:
            for dep in by_key.get(k, []):
                if dep != j.id and dep not in j.deps:
                    j.deps.append(dep)
    for j in b.jobs:
        if not j.deps:
            _activate(store, j, now)


def _activate(store: Store, j: Job, now: datetime) -> None:
    """A job whose dependencies are met becomes runnable (or blocks, or passes)."""
    if j.type == "script":
        j.state = "scheduled"
        j.scheduled_at = j.scheduled_at or now
        j.runnable_at = now
    elif j.type == "waiter":
        j.state = "passed"
        j.finished_at = now
    elif j.type == "manual":
        j.state = "blocked"
    elif j.type == "trigger":
        j.state = "scheduled"
        j.scheduled_at = now
        j.runnable_at = now


def settle(store: Store, b: Build, state: str) -> None:
    """Put a freshly created build straight into ``state`` (fast seeding, no agent)."""
    _settle(store, b, state)
    notify(store, b)


def _settle(store: Store, b: Build, state: str) -> None:
    start = b.created_at + timedelta(seconds=1)
    end = b.created_at + timedelta(seconds=60)
    b.started_at = start if state not in ("scheduled", "creating") else None
    jobs = [j for j in b.jobs]
    scripts = [j for j in jobs if j.type == "script"]

    def finish(j: Job, status: int = 0) -> None:
        if j.type == "waiter":
            j.state = "passed"
        elif j.type == "manual":
            j.state = "unblocked"
            j.unblocked_at = start
        else:
            j.state = "passed" if status == 0 else "failed"
            j.exit_status = status
            j.scheduled_at = j.scheduled_at or b.created_at
            j.runnable_at = j.runnable_at or b.created_at
            j.started_at = start
        j.finished_at = end

    if state in ("passed", "failed", "canceled", "skipped", "not_run", "creating"):
        failed_job = scripts[-1] if state == "failed" and scripts else None
        for j in jobs:
            if state == "passed" or (state == "failed" and j is not failed_job):
                finish(j)
            elif j is failed_job:
                finish(j, 1)
            elif state == "canceled":
                j.state = "canceled"
                j.finished_at = end
            else:
                j.state = "skipped" if state != "creating" else "pending"
        b.state = state
        if state == "failed":
            b.failing_at = end
        if state == "canceled":
            b.canceled = True
        b.finished_at = end if state != "creating" else None
        if state == "creating":
            store.active[b.id] = b
        return
    if state == "blocked":
        seen_block = False
        for j in jobs:
            if seen_block:
                j.state = "waiting"
            elif j.type == "manual":
                j.state = "blocked"
                seen_block = True
            else:
                finish(j)
        b.state = "blocked"
        b.blocked = True
        store.active[b.id] = b
        return
    if state in ("running", "failing", "canceling"):
        first = scripts[0] if scripts else None
        for j in jobs:
            if j is first:
                j.state = "running" if state != "failing" else "failed"
                j.started_at = start
                if state == "failing":
                    j.exit_status = 1
                    j.finished_at = end
        if state == "failing":
            b.failing_at = end
            second = scripts[1] if len(scripts) > 1 else None
            if second is not None:
                second.state = "running"
                second.started_at = start
        b.state = state
        store.active[b.id] = b
        return
    b.state = state
    store.active[b.id] = b


# ---------------------------------------------------------------------------
# Transitions
# ---------------------------------------------------------------------------


def latest(store: Store, job_id: str) -> Job | None:
    j = store.jobs.get(job_id)
    seen = 0
    while j is not None and j.retried_in_job_id and seen < 100:
        j = store.jobs.get(j.retried_in_job_id)
        seen += 1
    return j


def _is_hard_failure(j: Job) -> bool:
    return j.state in ("failed", "timed_out") and not j.soft_failed


def _dep_outcome(store: Store, j: Job) -> str:
    """``wait`` while a dependency is unfinished, else ``ok`` or ``failed``."""
    failed = False
    for dep_id in j.deps:
        dep = latest(store, dep_id)
        if dep is None:
            continue
        if dep.state in SATISFIED_STATES or (dep.state == "failed" and dep.soft_failed):
            continue
        if dep.state in FAILED_DEP_STATES:
            failed = True
            continue
        return "wait"
    return "failed" if failed else "ok"


def _org_agents(store: Store, org: Organization) -> list[Agent]:
    return [a for a in store.agents.values() if a.org is org]


def _pick_agent(store: Store, org: Organization) -> Agent | None:
    agents = _org_agents(store, org)
    if not agents:
        now = store.clock.now()
        a = Agent(
            id=store.new_id(),
            org=org,
            name="emulator-agent-1",
            hostname="emulator",
            version="3.80.0",
            created_at=now,
            creator_id=store.default_user_id or None,
            connected_at=now,
        )
        store.agents[a.id] = a
        notify_agent(store, a)
        return a
    for a in agents:
        if a.connection_state == "connected" and not a.paused and a.job_id is None:
            return a
    return None


def _exit_status(command: str | None) -> int:
    m = _EXIT.search(command or "")
    return int(m.group(1)) if m else 0


def _soft(j: Job, status: int) -> bool:
    soft = j.step.get("soft_fail")
    if soft is True:
        return True
    if isinstance(soft, list):
        for rule in soft:
            if isinstance(rule, dict):
                want = rule.get("exit_status")
                if want == "*" or str(want) == str(status):
                    return True
    return False


def transition_job(store: Store, j: Job) -> bool:
    now = store.clock.now()
    b = j.build
    if j.state == "waiting":
        outcome = _dep_outcome(store, j)
        if outcome == "wait":
            return False
        if outcome == "failed" and not j.step.get("allow_dependency_failure"):
            if j.type == "waiter":
                if j.step.get("continue_on_failure"):
                    j.state = "passed"
                    j.finished_at = now
                else:
                    j.state = "waiting_failed"
            elif j.type == "manual":
                j.state = "blocked_failed"
            else:
                j.state = "broken"
                j.broken_reason = "dependency_failed"
            return True
        _activate(store, j, now)
        return True
    if j.type == "script":
        if j.state == "scheduled":
            agent = _pick_agent(store, b.pipeline.org)
            if agent is None:
                return False
            agent.job_id = j.id
            j.agent_id = agent.id
            j.state = "assigned"
            return True
        if j.state in ("assigned", "accepted"):
            j.state = "running"
            j.started_at = now
            if b.started_at is None:
                b.started_at = now
            return True
        if j.state == "running":
            finish_script(store, j, now)
            return True
        return False
    if j.type == "trigger":
        if j.state == "scheduled":
            _start_trigger(store, j, now)
            return True
        if j.state == "running":
            tb = j.triggered_build
            if tb is None or tb.state in FINISHED_BUILD_STATES:
                j.state = "passed" if tb is not None and tb.state == "passed" else "failed"
                j.finished_at = now
                return True
        return False
    return False


def _start_trigger(store: Store, j: Job, now: datetime) -> None:
    target = j.step.get("trigger")
    org = j.build.pipeline.org
    tp = org.pipelines.get(str(target)) if target else None
    j.started_at = now
    if j.build.started_at is None:
        j.build.started_at = now
    if tp is None:
        j.state = "failed"
        j.finished_at = now
        return
    raw_spec = j.step.get("build")
    spec: dict[str, Any] = raw_spec if isinstance(raw_spec, dict) else {}
    parent = j.build
    tb = create_build(
        store,
        tp,
        branch=str(spec.get("branch") or tp.settings.get("default_branch", "main")),
        commit=str(spec.get("commit") or "HEAD"),
        message=str(spec.get("message") or parent.message),
        creator_id=parent.creator_id,
        source="trigger_job",
        env=spec.get("env") if isinstance(spec.get("env"), dict) else None,
        meta_data=spec.get("meta_data") if isinstance(spec.get("meta_data"), dict) else None,
        triggered_from=j,
    )
    j.triggered_build = tb
    if j.step.get("async"):
        j.state = "passed"
        j.finished_at = now
    else:
        j.state = "running"


def finish_script(store: Store, j: Job, now: datetime) -> None:
    status = _exit_status(j.command)
    j.exit_status = status
    j.finished_at = now
    if status == 0:
        j.state = "passed"
    else:
        j.state = "failed"
        j.soft_failed = _soft(j, status)
    agent = store.agents.get(j.agent_id) if j.agent_id else None
    if agent is not None:
        agent.job_id = None
        agent.last_job_finished_at = now
    _upload_artifacts(store, j)
    _run_agent_commands(store, j, now)


def concrete_artifact_path(pattern: str) -> str:
    path = pattern.replace("**/", "").replace("**", "artifact").replace("*", "artifact")
    return path.replace("?", "x").lstrip("./") or "artifact"


def _upload_artifacts(store: Store, j: Job) -> None:
    paths = j.step.get("artifact_paths")
    if isinstance(paths, str):
        patterns = [p.strip() for p in paths.split(";") if p.strip()]
    else:
        patterns = [str(p) for p in _as_list(paths)]
    b = j.build
    for pattern in patterns:
        path = concrete_artifact_path(pattern)
        content = (f"{b.pipeline.org.slug}/{b.pipeline.slug}#{b.number} {path}\n").encode() * 4
        add_artifact(store, j, path, content=content)


def add_artifact(
    store: Store,
    j: Job,
    path: str,
    *,
    content: bytes | None = None,
    size: int | None = None,
    seed: int = 0,
    state: str = "finished",
    mime_type: str | None = None,
) -> Artifact:
    if content is None and size is None:
        content = b""
    a = Artifact(
        id=store.new_id(),
        job=j,
        path=path,
        size=len(content) if content is not None else int(size or 0),
        content=content,
        seed=seed,
        state=state,
        mime_type=mime_type or mimetypes.guess_type(path)[0] or "application/octet-stream",
    )
    store.artifacts[a.id] = a
    store.job_artifacts.setdefault(j.id, []).append(a)
    return a


def _run_agent_commands(store: Store, j: Job, now: datetime) -> None:
    for raw_line in (j.command or "").splitlines():
        line = raw_line.strip()
        if not line.startswith("buildkite-agent "):
            continue
        try:
            words = shlex.split(line)
        except ValueError:
            continue
        if len(words) >= 3 and words[1] == "annotate":
            _annotate_from_command(store, j, words[2:], now)
        elif len(words) >= 5 and words[1:3] == ["meta-data", "set"]:
            j.build.meta_data[words[3]] = words[4]


def _annotate_from_command(store: Store, j: Job, args: list[str], now: datetime) -> None:
    body_parts: list[str] = []
    opts: dict[str, str] = {}
    append = False
    it = iter(args)
    for arg in it:
        if arg == "--append":
            append = True
        elif arg.startswith("--"):
            name, eq, value = arg[2:].partition("=")
            opts[name] = value if eq else next(it, "")
        else:
            body_parts.append(arg)
    upsert_annotation(
        store,
        j.build,
        job_id=j.id if opts.get("scope") == "job" else None,
        body=" ".join(body_parts),
        style=opts.get("style", "default") or "default",
        context=opts.get("context", "default") or "default",
        priority=int(opts["priority"]) if opts.get("priority", "").isdigit() else 3,
        append=append,
        now=now,
    )


def upsert_annotation(
    store: Store,
    b: Build,
    *,
    job_id: str | None,
    body: str,
    style: str,
    context: str,
    priority: int,
    append: bool,
    now: datetime,
) -> Annotation:
    for a in b.annotations:
        if a.context == context and a.job_id == job_id:
            a.body = a.body + "\n" + body if append else body
            a.style = style
            a.priority = priority
            a.updated_at = now
            return a
    a = Annotation(
        id=store.new_id(),
        build=b,
        job_id=job_id,
        context=context,
        style=style,
        priority=priority,
        body=body,
        created_at=now,
        updated_at=now,
    )
    b.annotations.append(a)
    store.annotations[a.id] = a
    return a


def update_build_state(store: Store, b: Build) -> None:
    if b.canceled or b.state in ("skipped", "not_run", "canceled"):
        store.active.pop(b.id, None)
        notify(store, b)
        return
    now = store.clock.now()
    current = [j for j in b.jobs if not j.retried]
    hard_failed = any(_is_hard_failure(j) for j in current)
    if hard_failed and b.failing_at is None:
        b.failing_at = now
    running = any(j.state in RUNNING_JOB_STATES for j in current)
    blocked = any(j.state == "blocked" for j in current)
    waiting = any(j.state == "waiting" for j in current)
    old = b.state
    if running or (waiting and not blocked):
        started = b.started_at is not None
        b.state = "failing" if hard_failed else "running" if started else "scheduled"
        b.blocked = False
    elif blocked:
        b.state = "blocked"
        b.blocked = True
    else:
        b.state = "failed" if hard_failed else "passed"
        b.finished_at = now
        store.active.pop(b.id, None)
    if b.state != old and old in FINISHED_BUILD_STATES and b.state not in FINISHED_BUILD_STATES:
        b.finished_at = None
        store.active[b.id] = b
    notify(store, b)


# ---------------------------------------------------------------------------
# Notifications
# ---------------------------------------------------------------------------

#: Build state -> the webhook event announcing it (a blocked build has "finished" for now).
BUILD_EVENTS = {
    "scheduled": "build.scheduled",
    "running": "build.running",
    "failing": "build.failing",
    "blocked": "build.finished",
    "passed": "build.finished",
    "failed": "build.finished",
    "canceled": "build.finished",
    "not_run": "build.finished",
    "skipped": "build.skipped",
}
AGENT_EVENTS = {
    "connected": "agent.connected",
    "disconnected": "agent.disconnected",
    "lost": "agent.lost",
    "stopping": "agent.stopping",
    "stopped": "agent.stopped",
}


def _job_event(j: Job) -> str | None:
    if j.type == "waiter":
        return None  # wait steps are bookkeeping, Buildkite announces no events for them
    if j.state == "scheduled":
        return "job.scheduled"
    if j.state == "running":
        return "job.started"
    if j.state == "unblocked":
        return "job.activated"
    if j.state in TERMINAL_JOB_STATES:
        return "job.finished"
    return None


def notify(store: Store, b: Build) -> None:
    """The single point where build and job changes are announced (``Store.emit``).

    Every state change of the build's jobs and of the build since the last call becomes one
    event.  Called after each transition, so events come in the order things happened: the
    build's own event first while it is starting or running, and after its jobs' events once
    it has finished (or blocked).
    """
    job_events: list[tuple[str, Job]] = []
    for j in b.jobs:
        if j.notified != j.state:
            j.notified = j.state
            event = _job_event(j)
            if event is not None:
                job_events.append((event, j))
    build_event: str | None = None
    if b.notified != b.state:
        b.notified = b.state
        build_event = BUILD_EVENTS.get(b.state)
    ends = build_event in ("build.finished", "build.skipped")
    if build_event is not None and not ends:
        store.emit(build_event, b)
    for event, j in job_events:
        store.emit(event, j)
    if build_event is not None and ends:
        store.emit(build_event, b)


def notify_agent(store: Store, a: Agent) -> None:
    """Announce an agent's connection state when it changed since the last call."""
    if a.notified == a.connection_state:
        return
    a.notified = a.connection_state
    event = AGENT_EVENTS.get(a.connection_state)
    if event is not None:
        store.emit(event, a)


def step_build(store: Store, b: Build) -> bool:
    if b.id not in store.active:
        return False
    for j in list(b.jobs):
        if j.retried:
            continue
        if transition_job(store, j):
            update_build_state(store, b)
            store.clock.tick()
            return True
    return False


def tick(store: Store) -> int:
    """One transition for every build that can progress; returns how many moved."""
    moved = 0
    for b in list(store.active.values()):
        if step_build(store, b):
            moved += 1
    return moved


def step_once(store: Store) -> bool:
    return any(step_build(store, b) for b in list(store.active.values()))


# ---------------------------------------------------------------------------
# API actions
# ---------------------------------------------------------------------------


CANCELABLE_BUILD_STATES = frozenset({"scheduled", "running", "failing", "blocked", "creating"})


def cancel_build(store: Store, b: Build) -> None:
    now = store.clock.now()
    for j in b.jobs:
        if j.state not in TERMINAL_JOB_STATES:
            if j.agent_id:
                agent = store.agents.get(j.agent_id)
                if agent is not None and agent.job_id == j.id:
                    agent.job_id = None
            j.state = "canceled"
            j.finished_at = now
    b.state = "canceled"
    b.canceled = True
    b.blocked = False
    b.finished_at = now
    store.active.pop(b.id, None)
    notify(store, b)


def retry_job(store: Store, j: Job, user_id: str | None, retry_type: str = "manual") -> Job:
    now = store.clock.now()
    b = j.build
    new = Job(
        id=store.new_id(),
        build=b,
        type=j.type,
        step=j.step,
        state="waiting",
        created_at=now,
        name=j.name,
        command=j.command,
        step_key=j.step_key,
        group_key=j.group_key,
        step_id=j.step_id,
        deps=list(j.deps),
        soft_fail=j.soft_fail,
        priority=j.priority,
        retries_count=(j.retries_count or 0) + 1,
        retry_source={"job_id": j.id, "retry_type": retry_type},
        retry_type=retry_type,
        retried_by=user_id,
        parallel_group_index=j.parallel_group_index,
        parallel_group_total=j.parallel_group_total,
    )
    _activate(store, new, now)
    j.retried = True
    j.retried_in_job_id = new.id
    b.jobs.insert(b.jobs.index(j) + 1, new)
    store.jobs[new.id] = new
    # Jobs that gave up because this one failed get another chance.
    for other in b.jobs:
        if not other.retried and other.state in ("broken", "waiting_failed", "blocked_failed"):
            other.state = "waiting"
            other.broken_reason = None
    store.active[b.id] = b
    if b.finished_at is not None:
        b.finished_at = None
    update_build_state(store, b)
    return new


def retryable_for_states(j: Job, states: Iterable[str]) -> bool:
    wanted = set(states)
    if j.retried:
        return False
    if j.state == "failed":
        return ("soft_failed" if j.soft_failed else "failed") in wanted
    return j.state in wanted


def unblock_job(store: Store, j: Job, user_id: str | None, fields: dict[str, Any]) -> None:
    now = store.clock.now()
    j.state = "unblocked"
    j.unblocked_by = user_id
    j.unblocked_at = now
    j.finished_at = now
    j.fields = dict(fields)
    update_build_state(store, j.build)
    if j.build.state in ("blocked",):
        j.build.blocked = False


# ---------------------------------------------------------------------------
# Logs and env
# ---------------------------------------------------------------------------


def _ms(dt: datetime) -> int:
    return int(dt.timestamp() * 1000)


def job_log(store: Store, j: Job) -> bytes:
    """The raw log of a job, built from its times so it is the same on every read."""
    if j.log_deleted or j.type != "script":
        return b""
    if j.log is not None:
        return j.log
    if j.started_at is None:
        return b""
    b = j.build
    start = _ms(j.started_at)
    end = _ms(j.finished_at) if j.finished_at else start + 500
    step = max(1, (end - start) // 8)
    agent = store.agents.get(j.agent_id) if j.agent_id else None
    agent_name = agent.name if agent else "emulator-agent-1"
    lines: list[tuple[int, str]] = [
        (start, "~~~ Preparing working directory"),
        (start + step, f"$ cd /var/lib/buildkite-agent/builds/{agent_name}/{b.pipeline.slug}"),
        (start + step, f"\x1b[90m# Checking out {b.commit[:12]} on {b.branch}\x1b[0m"),
        (start + 2 * step, f"--- :hammer: {j.name or 'Running commands'}"),
    ]
    for n, cmd in enumerate((j.command or "").splitlines() or [""]):
        lines.append((start + (3 + n) * step, f"$ {cmd}"))
    if j.finished_at is None:
        lines.append((start + 4 * step, "\x1b[33m…\x1b[0m"))
    elif j.exit_status:
        lines.append(
            (end, f"\x1b[31m🚨 Error: The command exited with status {j.exit_status}\x1b[0m")
        )
        lines.append((end, "^^^ +++"))
    else:
        lines.append((end, "\x1b[32m✔ Command succeeded\x1b[0m"))
    text = "".join(f"\x1b_bk;t={t}\x07{line}\r\n" for t, line in lines)
    data = text.encode()
    if j.finished_at is not None:
        j.log = data
    return data


_MARK = re.compile(rb"\x1b_bk;t=(\d+)\x07(~~~ |--- |\+\+\+ )")


def header_times(log: bytes) -> list[int]:
    return [int(m.group(1)) * 1_000_000 for m in _MARK.finditer(log)]


def job_env(store: Store, j: Job) -> dict[str, str]:
    b = j.build
    p = b.pipeline
    env: dict[str, str] = {
        "CI": "true",
        "BUILDKITE": "true",
        "BUILDKITE_BRANCH": b.branch,
        "BUILDKITE_COMMIT": b.commit,
        "BUILDKITE_MESSAGE": b.message,
        "BUILDKITE_BUILD_ID": b.id,
        "BUILDKITE_BUILD_NUMBER": str(b.number),
        "BUILDKITE_BUILD_URL": f"https://buildkite.com/{p.org.slug}/{p.slug}/builds/{b.number}",
        "BUILDKITE_JOB_ID": j.id,
        "BUILDKITE_LABEL": j.name or "",
        "BUILDKITE_ORGANIZATION_SLUG": p.org.slug,
        "BUILDKITE_PIPELINE_SLUG": p.slug,
        "BUILDKITE_PIPELINE_DEFAULT_BRANCH": str(p.settings.get("default_branch", "main")),
        "BUILDKITE_REPO": p.repository,
        "BUILDKITE_SOURCE": b.source,
    }
    if j.command is not None:
        env["BUILDKITE_COMMAND"] = j.command
    if j.step_key:
        env["BUILDKITE_STEP_KEY"] = j.step_key
    if j.retries_count:
        env["BUILDKITE_RETRY_COUNT"] = str(j.retries_count)
    if j.parallel_group_index is not None:
        env["BUILDKITE_PARALLEL_JOB"] = str(j.parallel_group_index)
        env["BUILDKITE_PARALLEL_JOB_COUNT"] = str(j.parallel_group_total)
    agent = store.agents.get(j.agent_id) if j.agent_id else None
    if agent is not None:
        env["BUILDKITE_AGENT_ID"] = agent.id
        env["BUILDKITE_AGENT_NAME"] = agent.name
    step_env = j.step.get("env")
    extras: list[dict[str, Any]] = [
        p.settings.get("env") or {},
        config_env(p.configuration),
        b.env,
        step_env if isinstance(step_env, dict) else {},
    ]
    for extra in extras:
        for k, v in extra.items():
            env[str(k)] = "" if v is None else str(v)
    return env


_SGR = re.compile(r"\x1b\[([0-9;]*)m")
_APC = re.compile(r"\x1b_bk;t=(\d+)\x07")


def log_to_html(log: bytes) -> str:
    """Render ANSI colours as ``<span class="term-fgNN">`` like terminal-to-html."""
    import html

    text = log.decode("utf-8", errors="replace").replace("\r\n", "\n")
    out: list[str] = []
    for raw_line in text.split("\n"):
        line = _APC.sub("", raw_line)
        pieces: list[str] = []
        open_spans = 0
        pos = 0
        for m in _SGR.finditer(line):
            pieces.append(html.escape(line[pos : m.start()]))
            pos = m.end()
            codes = [c for c in m.group(1).split(";") if c] or ["0"]
            if codes == ["0"]:
                pieces.append("</span>" * open_spans)
                open_spans = 0
            else:
                classes = " ".join(f"term-fg{c}" if c != "1" else "term-fg1" for c in codes)
                pieces.append(f'<span class="{classes}">')
                open_spans += 1
        pieces.append(html.escape(line[pos:]))
        pieces.append("</span>" * open_spans)
        out.append("".join(pieces))
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out)
