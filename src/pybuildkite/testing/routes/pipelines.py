"""Pipelines: list/get/create/update/delete, archive, webhooks.

Slugs: when no ``slug`` is given it is derived from the name -- runs of
whitespace and of any character outside ``[A-Za-z0-9-]`` become one ``-``,
the result is lowercased, trimmed of leading/trailing ``-`` and cut to 100
characters.  An explicit slug must match ``\\A[a-zA-Z0-9]+[a-zA-Z0-9\\-]*\\z``.
Renaming without a ``slug`` regenerates it.

PATCH is partial: absent fields are untouched, ``null`` clears nullable fields
and is a validation error for required ones (``name``, ``repository``).
"""

from __future__ import annotations

import re
from typing import Any

from .. import _render
from .._http import HTTPError, Req, Resp, empty, json_resp, paginate_page, validation_failed
from .._sim import StepError, parse_steps
from .._state import Organization, Pipeline, iso
from ._common import ORG, check_types, get_org, get_pipeline

SLUG_RE = re.compile(r"\A[a-zA-Z0-9]+[a-zA-Z0-9\-]*\Z")
MISSING_CONFIG = 'Step configuration is missing, expected `steps: { yaml: "..." }`'

FIELDS: dict[str, tuple[type, ...]] = {
    "name": (str,),
    "slug": (str,),
    "repository": (str,),
    "configuration": (str,),
    "steps": (list,),
    "cluster_id": (str,),
    "allow_rebuilds": (bool,),
    "branch_configuration": (str,),
    "cancel_running_branch_builds": (bool,),
    "cancel_running_branch_builds_filter": (str,),
    "clone_mirror_url": (str,),
    "color": (str,),
    "default_branch": (str,),
    "default_command_step_timeout": (int,),
    "maximum_command_step_timeout": (int,),
    "description": (str,),
    "emoji": (str,),
    "env": (dict,),
    "pipeline_template_uuid": (str,),
    "provider_settings": (dict,),
    "skip_queued_branch_builds": (bool,),
    "skip_queued_branch_builds_filter": (str,),
    "tags": (list,),
    "teams": (dict,),
    "team_uuids": (list,),
    "visibility": (str,),
}
REQUIRED = ("name", "repository")
SETTINGS = set(FIELDS) - {
    "name",
    "slug",
    "repository",
    "configuration",
    "steps",
    "teams",
    "team_uuids",
}


def derive_slug(name: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9-]+", "-", name.strip())
    slug = re.sub(r"-{2,}", "-", slug).strip("-").lower()
    return slug[:100].rstrip("-")


def _check_config(data: dict[str, Any]) -> list[tuple[str, str]]:
    errors: list[tuple[str, str]] = []
    config = data.get("configuration")
    if isinstance(config, str):
        try:
            parse_steps(config)
        except StepError as exc:
            errors.append(("configuration", str(exc)))
    if data.get("visibility") not in (None, "private", "public"):
        errors.append(("visibility", "is not included in the list"))
    return errors


def _slug_for(org: Organization, data: dict[str, Any], current: Pipeline | None) -> str:
    if data.get("slug") is not None:
        slug = str(data["slug"])
        if not SLUG_RE.match(slug) or len(slug) > 100:
            raise validation_failed(("slug", "is invalid"))
        field = "slug"
    else:
        slug = derive_slug(str(data.get("name") or ""))
        if not slug:
            raise validation_failed(("slug", "is invalid"))
        field = "name"
    other = org.pipelines.get(slug)
    if other is not None and other is not current:
        raise validation_failed((field, "has already been taken"))
    return slug


def _show_webhook(req: Req) -> bool:
    return req.has_scope("write_pipelines")


def list_pipelines(req: Req) -> Resp:
    org = get_org(req)
    name = (req.query.get("name") or "").lower()
    repo = (req.query.get("repository") or "").lower()
    items = [
        p
        for p in org.pipelines.values()
        if (not name or name in p.name.lower()) and (not repo or repo in p.repository.lower())
    ]
    show = _show_webhook(req)
    return paginate_page(req, items, lambda p: _render.pipeline(req.store, p, show))


def get_one(req: Req) -> Resp:
    return json_resp(_render.pipeline(req.store, get_pipeline(req), _show_webhook(req)))


def create_pipeline(store: Any, org: Organization, data: dict[str, Any], user_id: str) -> Pipeline:
    check_types(data, FIELDS)
    errors: list[tuple[str, str]] = []
    for key in REQUIRED:
        if not data.get(key):
            errors.append((key, "can't be blank"))
    if (
        data.get("configuration") is None
        and data.get("steps") is None
        and not data.get("pipeline_template_uuid")
    ):
        errors.append(("configuration", MISSING_CONFIG))
    errors.extend(_check_config(data))
    if errors:
        raise validation_failed(*errors)
    slug = _slug_for(org, data, None)
    p = Pipeline(
        id=store.new_id(),
        org=org,
        slug=slug,
        name=str(data["name"]),
        repository=str(data["repository"]),
        created_at=store.clock.now(),
        created_by=user_id,
        configuration=data.get("configuration"),
        visual_steps=data.get("steps") if data.get("configuration") is None else None,
        webhook_token=store.new_secret(20),
    )
    for key in SETTINGS:
        if data.get(key) is not None:
            p.settings[key] = data[key]
    org.pipelines[slug] = p
    store.create_counts["pipelines"] += 1
    return p


def create(req: Req) -> Resp:
    org = get_org(req)
    assert req.user is not None
    p = create_pipeline(req.store, org, req.data(), req.user.id)
    out = _render.pipeline(req.store, p, _show_webhook(req), iso_created=True)
    return json_resp(out, 201)


def update(req: Req) -> Resp:
    p = get_pipeline(req)
    data = req.data()
    check_types(data, FIELDS)
    errors = [(k, "can't be blank") for k in REQUIRED if k in data and not data[k]]
    errors.extend(_check_config(data))
    if errors:
        raise validation_failed(*errors)
    org = p.org
    if "name" in data or "slug" in data:
        merged = {"name": data.get("name", p.name), "slug": data.get("slug")}
        new_slug = _slug_for(org, merged, p)
        if new_slug != p.slug:
            del org.pipelines[p.slug]
            p.slug = new_slug
            org.pipelines[new_slug] = p
        p.name = str(merged["name"])
    if "repository" in data:
        p.repository = str(data["repository"])
    if "configuration" in data:
        p.configuration = data["configuration"]
        if p.configuration is not None:
            p.visual_steps = None
    if "steps" in data and p.configuration is None:
        p.visual_steps = data["steps"]
    for key in SETTINGS:
        if key not in data:
            continue
        if key == "env" and p.configuration is not None:
            continue  # documented: ignored for YAML pipelines
        if data[key] is None:
            p.settings.pop(key, None)
            if key in ("branch_configuration", "cluster_id", "pipeline_template_uuid"):
                p.settings[key] = None
        else:
            p.settings[key] = data[key]
    return json_resp(_render.pipeline(req.store, p, _show_webhook(req)))


def delete(req: Req) -> Resp:
    p = get_pipeline(req)
    store = req.store
    del p.org.pipelines[p.slug]
    doomed = {b.id for b in p.builds}
    store.builds = [b for b in store.builds if b.id not in doomed]
    for bid in doomed:
        store.builds_by_id.pop(bid, None)
        store.active.pop(bid, None)
    store.invalidate_build_order()
    return empty(204)


def archive(req: Req) -> Resp:
    p = get_pipeline(req)
    if p.archived_at is not None:
        raise HTTPError(422, "Pipeline could not be archived.")
    p.archived_at = req.store.clock.now()
    return json_resp(_render.pipeline(req.store, p, _show_webhook(req)))


def unarchive(req: Req) -> Resp:
    p = get_pipeline(req)
    if p.archived_at is None:
        raise HTTPError(422, "Pipeline could not be unarchived.")
    p.archived_at = None
    return json_resp(_render.pipeline(req.store, p, _show_webhook(req)))


def _is_github(p: Pipeline) -> bool:
    return "github.com" in p.repository


def webhook(req: Req) -> Resp:
    p = get_pipeline(req)
    if not _is_github(p):
        raise HTTPError(422, "Auto-creating webhooks is not supported for your repository.")
    return json_resp({"webhook_url": f"{req.base_url}/deliver/{p.webhook_token}"}, 201)


def _gh(req: Req, p: Pipeline) -> dict[str, Any]:
    return {
        "url": f"{_render.pipeline_url(req.store, p)}/github-webhooks",
        "enabled": p.github_webhook_enabled,
        "disabled_at": iso(p.github_webhook_disabled_at),
        "disabled_by": _render.user_by_id(req.store, p.github_webhook_disabled_by),
    }


def _gh_pipeline(req: Req) -> Pipeline:
    p = get_pipeline(req)
    if not _is_github(p):
        raise HTTPError(404, "Not Found")
    return p


def github_get(req: Req) -> Resp:
    return json_resp(_gh(req, _gh_pipeline(req)))


def github_enable(req: Req) -> Resp:
    p = _gh_pipeline(req)
    p.github_webhook_enabled = True
    p.github_webhook_disabled_at = None
    p.github_webhook_disabled_by = None
    return json_resp(_gh(req, p))


def github_disable(req: Req) -> Resp:
    p = _gh_pipeline(req)
    if p.github_webhook_enabled:
        p.github_webhook_enabled = False
        p.github_webhook_disabled_at = req.store.clock.now()
        p.github_webhook_disabled_by = req.user.id if req.user else None
    return json_resp(_gh(req, p))


P = ORG + "/pipelines/{pipeline}"
ROUTES = [
    ("GET", ORG + "/pipelines", list_pipelines),
    ("POST", ORG + "/pipelines", create),
    ("GET", P, get_one),
    ("PATCH", P, update),
    ("PUT", P, update),
    ("DELETE", P, delete),
    ("POST", P + "/archive", archive),
    ("POST", P + "/unarchive", unarchive),
    ("POST", P + "/webhook", webhook),
    ("GET", P + "/github-webhooks", github_get),
    ("PUT", P + "/github-webhooks", github_enable),
    ("DELETE", P + "/github-webhooks", github_disable),
]
