"""A generic stateful store behind every catalog route without a dedicated module.

Each route's role is inferred from its path and method:

* ``POST`` to a collection creates a record (id/uuid generated, request fields
  echoed, ``url``/``created_at`` added) and answers the catalog's status;
* ``GET`` on a collection lists it (page or cursor pagination per the catalog,
  else a bare array); ``GET`` on an item returns it or 404 ``{"message": "Not Found"}``;
* ``PUT``/``PATCH`` (and ``POST`` to an item, as package registries do) merge
  the body into the record; ``DELETE`` removes it (catalog status, 204 or 200);
* a literal segment after an item (``/enable``, ``/pause_dispatch``, ``/mute``,
  ``/value``...) is an action on that item and answers the updated record;
* a literal segment after a collection (``/tests/muted``, ``/tests/find``)
  lists or searches the collection;
* a path that is neither (``/api-settings``, ``/pipeline-settings/...``) is a
  singleton document that GET reads, PATCH/PUT merge and DELETE resets.

Item keys follow the path's placeholder: ``{x.slug}`` keys derive from the
body's ``slug``/``name``; ``{user.uuid}``-style keys under another resource
take the body's ``user_id``; everything else gets a fresh UUID.  Records under
a generic parent (a queue under a cluster) need that parent to exist.  The
go-buildkite verb variants (PATCH for PUT updates) and the documented path
slips (``/teams/{id}/suite``, ``PUT .../tests/skipped``) are accepted too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .._catalog import CATALOG
from .._http import HTTPError, Req, Resp, empty, json_resp, paginate_cursor, paginate_page
from .._state import Store, graphql_id, iso

DEEP_GROUPS = frozenset(
    {
        "meta",
        "access_token",
        "user",
        "organizations",
        "organization_rate_limits",
        "pipelines",
        "pipeline_schedules",
        "builds",
        "step_uploads",
        "jobs",
        "annotations",
        "artifacts",
        "agents",
        "teams",
        "emojis",
    }
)
_PARAM = re.compile(r"^\{([^}]+)\}$")

Record = dict[str, Any]


def _shape(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "{}", path)


_ALL_SHAPES = {(r[1], _shape(r[2])) for r in CATALOG}
_ITEM_PARAM: dict[str, str] = {}
for _r in CATALOG:
    _segs = _r[2].split("/")
    _m = _PARAM.match(_segs[-1])
    if _m:
        _ITEM_PARAM.setdefault(_shape("/".join(_segs[:-1])), _m.group(1))
_GENERIC_ITEM_SHAPES = {
    _shape(r[2])
    for r in CATALOG
    if r[0] not in DEEP_GROUPS and _PARAM.match(r[2].split("/")[-1]) and r[1] == "GET"
}


def _collection(store: Store, path: str) -> dict[str, Record]:
    return store.generic.setdefault(path, {})


def _check_parents(req: Req, template_segs: list[str], path_segs: list[str], last: int) -> None:
    """404 unless the organization and every generic parent record exist."""
    for i in range(last):
        m = _PARAM.match(template_segs[i])
        if m is None:
            continue
        if m.group(1) == "org.slug":
            org = req.store.orgs.get(path_segs[i])
            if org is None or (req.user is not None and req.user.id not in org.member_ids):
                raise HTTPError(404, "No organization found")
            continue
        shape = _shape("/".join(template_segs[: i + 1]))
        if shape in _GENERIC_ITEM_SHAPES:
            coll = req.store.generic.get("/".join(path_segs[:i]), {})
            if path_segs[i] not in coll:
                raise HTTPError(404, "Not Found")


# Items that take actions (``.../{id}/enable``); an organization's own sub-paths are
# singletons instead (``/api-settings``).
_ACTION_PARENTS = {
    _shape(r[2])
    for r in CATALOG
    if r[1] == "GET" and _PARAM.match(r[2].split("/")[-1]) and r[2].count("/") > 3
}


def _slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "item"


def new_record(
    store: Store,
    collection_path: str,
    *,
    data: dict[str, Any],
    key_param: str | None,
    user_id: str | None,
    key: str | None = None,
) -> tuple[str, Record]:
    """Create (but do not store) a record for ``collection_path``."""
    ident = store.new_id()
    record: Record = {"id": ident, "graphql_id": graphql_id("Record", ident)}
    record.update({k: v for k, v in data.items() if k not in ("value", "password")})
    if key is None:
        key = ident
        if key_param is not None:
            res, _, attr = key_param.rpartition(".")
            if attr == "slug" or key_param == "slug":
                key = _slugify(
                    str(data.get("slug") or data.get("name") or data.get("key") or ident)
                )
                record["slug"] = key
            elif res and data.get(f"{res}_id"):
                key = str(data[f"{res}_id"])
            if attr == "uuid" or key_param == "uuid":
                record["uuid"] = key if key != ident else ident
    record.setdefault("url", f"{store.base_url}{collection_path}/{key}")
    record.setdefault("created_at", iso(store.clock.now()))
    if user_id and "created_by" not in record:
        user = store.users.get(user_id)
        if user is not None:
            record["created_by"] = {"id": user.id, "name": user.name, "email": user.email}
    return key, record


_ACTIONS: dict[str, Callable[[Record, dict[str, Any], Req], None]] = {}


def _action(name: str) -> Callable[[Callable[[Record, dict[str, Any], Req], None]], Any]:
    def deco(fn: Callable[[Record, dict[str, Any], Req], None]) -> Any:
        _ACTIONS[name] = fn
        return fn

    return deco


@_action("enable")
def _enable(rec: Record, data: dict[str, Any], req: Req) -> None:
    rec["enabled"] = True
    if "state" in rec or "/tests/" in req.path:
        rec["state"] = "enabled"


@_action("disable")
def _disable(rec: Record, data: dict[str, Any], req: Req) -> None:
    rec["enabled"] = False


@_action("mute")
def _mute(rec: Record, data: dict[str, Any], req: Req) -> None:
    rec["state"] = "muted"


@_action("skip")
def _skip(rec: Record, data: dict[str, Any], req: Req) -> None:
    rec["state"] = "skipped"


@_action("pause_dispatch")
def _pause(rec: Record, data: dict[str, Any], req: Req) -> None:
    if rec.get("dispatch_paused"):
        raise HTTPError(422, "Queue is already paused")
    rec["dispatch_paused"] = True
    rec["dispatch_paused_at"] = iso(req.store.clock.now())
    rec["dispatch_paused_by"] = {"id": req.user.id, "name": req.user.name} if req.user else None
    rec["dispatch_paused_note"] = data.get("dispatch_paused_note", data.get("note"))


@_action("resume_dispatch")
def _resume(rec: Record, data: dict[str, Any], req: Req) -> None:
    if not rec.get("dispatch_paused"):
        raise HTTPError(422, "Queue is not paused")
    rec.update(
        dispatch_paused=False,
        dispatch_paused_at=None,
        dispatch_paused_by=None,
        dispatch_paused_note=None,
    )


@_action("value")
def _value(rec: Record, data: dict[str, Any], req: Req) -> None:
    # Secret values are write-only; only the update time is visible.
    rec["updated_at"] = iso(req.store.clock.now())


def _merge(rec: Record, data: dict[str, Any], req: Req) -> None:
    for k, v in data.items():
        if k not in ("id", "uuid", "url", "value", "password"):
            rec[k] = v
    rec["updated_at"] = iso(req.store.clock.now())


def _handler(
    group: str,
    method: str,
    template: str,
    *,
    status: int,
    pagination: str | None,
    is_list: bool,
) -> Callable[[Req], Resp]:
    tsegs = template.split("/")
    last_is_param = _PARAM.match(tsegs[-1]) is not None
    parent_is_param = len(tsegs) > 2 and _PARAM.match(tsegs[-2]) is not None
    shape = _shape(template)
    key_param = _ITEM_PARAM.get(shape)
    parent_shape = _shape("/".join(tsegs[:-1]))
    is_collection = key_param is not None or is_list
    # A literal segment right after a collection is a view of it (tests/muted, tests/find).
    is_view = (
        not last_is_param
        and not parent_is_param
        and key_param is None
        and parent_shape in _ITEM_PARAM
    )

    def paginate(req: Req, items: list[tuple[str, Record]]) -> Resp:
        if pagination == "page":
            return paginate_page(req, [r for _, r in items])
        if pagination == "cursor":
            return paginate_cursor(
                req,
                items,
                key=lambda kv: kv[0],
                render=lambda kv: kv[1],
                mirror_link_header=group
                in ("organization_audit_events", "organization_invitations"),
            )
        return json_resp([r for _, r in items])

    def handle(req: Req) -> Resp:
        psegs = req.path.split("/")
        if len(psegs) != len(tsegs):
            raise HTTPError(404, "Not Found")
        data = req.data() if method != "GET" else {}
        store = req.store
        uid = req.user.id if req.user else None
        if last_is_param:
            _check_parents(req, tsegs, psegs, len(tsegs) - 1)
            coll_path = "/".join(psegs[:-1])
            coll = _collection(store, coll_path)
            key = psegs[-1]
            rec = coll.get(key)
            if rec is None:
                raise HTTPError(404, "Not Found")
            if method == "GET":
                return json_resp(rec)
            if method == "DELETE":
                del coll[key]
                return empty(status) if status == 204 else json_resp({"message": "Deleted"}, status)
            _merge(rec, data, req)
            return json_resp(rec, status)
        path = "/".join(psegs)
        action = tsegs[-1]
        parent_path = "/".join(psegs[:-1])
        if is_view:
            _check_parents(req, tsegs, psegs, len(tsegs) - 1)
            items = list(_collection(store, parent_path).items())
            if action in ("muted", "skipped"):
                return paginate(req, [(k, r) for k, r in items if r.get("state") == action])
            if action == "upload":
                form = {
                    "file_input": "file",
                    "method": "POST",
                    "url": store.storage_url,
                    "data": {},
                }
                uri = f"{store.base_url}{parent_path}/upload/{store.new_id()}"
                return json_resp({"uri": uri, "form": form}, status)
            wanted = {k: v for k, v in data.items() if isinstance(v, str | int | bool)}
            matches = [r for _, r in items if all(r.get(k) == v for k, v in wanted.items())]
            if is_list:
                return json_resp(matches, status)
            if not matches:
                raise HTTPError(404, "Not Found")
            return json_resp(matches[0], status)
        if parent_is_param and not is_collection and parent_shape in _ACTION_PARENTS:
            # An action on the item the path ends with (e.g. .../queues/{id}/pause_dispatch).
            _check_parents(req, tsegs, psegs, len(tsegs) - 1)
            rec = _collection(store, "/".join(psegs[:-2])).get(psegs[-2])
            if rec is None:
                raise HTTPError(404, "Not Found")
            if method == "GET":
                return json_resp(rec)
            if action == "copy":
                target = req.query.get("to")
                if not target:
                    raise HTTPError(422, "Validation failed: to is required")
                dest = "/".join(psegs[:-4]) + f"/{target}/packages"
                fields = {k: v for k, v in rec.items() if k not in ("id", "url", "graphql_id")}
                key, copy = new_record(store, dest, data=fields, key_param="id", user_id=uid)
                _collection(store, dest)[key] = copy
                return json_resp(copy, status)
            _ACTIONS.get(action, _merge)(rec, data, req)
            return json_resp(rec, status)
        _check_parents(req, tsegs, psegs, len(tsegs))
        if is_collection:
            coll = _collection(store, path)
            if method == "GET":
                return paginate(req, list(coll.items()))
            if method == "POST":
                if group == "organization_invitations":
                    return _invite(req, coll, path, data, status=status, uid=uid)
                key, rec = new_record(store, path, data=data, key_param=key_param, user_id=uid)
                if key in coll:
                    raise HTTPError(422, "Validation failed: has already been taken")
                coll[key] = rec
                store.create_counts[group] += 1
                return json_resp(rec, status)
            if method == "DELETE":
                tag = data.get("tag")
                for k in [k for k, r in coll.items() if tag is None or r.get("tag") == tag]:
                    del coll[k]
                return empty(status)
        # A singleton settings document.
        doc = store.singletons.setdefault(path, {"url": store.base_url + path})
        if method in ("PUT", "PATCH", "POST"):
            if tsegs[-2] == "pipeline-settings":
                base = store.singletons.setdefault(
                    parent_path, {"url": store.base_url + parent_path}
                )
                base[action.replace("-", "_")] = {"enabled": True, **data}
                return json_resp(base, status)
            _merge(doc, data, req)
            return json_resp(doc, status)
        if method == "DELETE":
            if tsegs[-2] == "pipeline-settings":
                base = store.singletons.setdefault(
                    parent_path, {"url": store.base_url + parent_path}
                )
                base[action.replace("-", "_")] = {"enabled": False}
                return json_resp(base, status)
            store.singletons.pop(path, None)
            return empty(status) if status == 204 else json_resp({}, status)
        return json_resp(doc, status)

    handle.__name__ = f"generic_{group}_{method.lower()}"
    return handle


def _invite(
    req: Req,
    coll: dict[str, Record],
    path: str,
    data: dict[str, Any],
    *,
    status: int,
    uid: str | None,
) -> Resp:
    emails = data.get("emails")
    if not isinstance(emails, list) or not emails:
        raise HTTPError(422, "Validation failed: Emails can't be blank")
    made = []
    for email in emails:
        key, rec = new_record(
            req.store,
            path,
            data={"email": email, "role": data.get("role", "member"), "state": "pending"},
            key_param="uuid",
            user_id=uid,
        )
        rec["uuid"] = key
        coll[key] = rec
        made.append(rec)
    return json_resp(made, status)


def _plural(handler: Callable[[Req], Resp]) -> Callable[[Req], Resp]:
    """go-buildkite posts team suites to ``.../suite``; store them with the others."""

    def handle(req: Req) -> Resp:
        req.path += "s"
        return handler(req)

    return handle


def routes(exclude: set[str] | frozenset[str] = DEEP_GROUPS) -> list[tuple[Any, ...]]:
    """Generic routes for every catalog group not in ``exclude`` (nor a core group)."""
    out: list[tuple[Any, ...]] = []
    skip = set(exclude) | DEEP_GROUPS
    for group, method, path, status, pagination, scopes, alts, is_list in CATALOG:
        if group in skip:
            continue
        handler = _handler(
            group, method, path, status=status, pagination=pagination, is_list=is_list
        )
        out.append((method, path, handler, scopes))
        for alt in alts:
            out.append((alt, path, handler, scopes))
        if method == "POST" and path.endswith("/teams/{team.uuid}/suites"):
            out.append((method, path[:-1], _plural(handler), scopes))
        if method == "GET" and path.endswith("/tests/skipped"):
            out.append(("PUT", path, handler, scopes))
    return out


ROUTES = routes()
