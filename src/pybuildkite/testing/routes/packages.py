"""Package Registries: registries, packages (multipart publish, copy) and registry tokens.

Every call answers 200, creates and deletes included, as Buildkite documents.  Publishing
takes ``multipart/form-data`` with the package in the ``file`` field (or a ``package_url``
field naming a presigned upload); the package's ``name`` and ``version`` come from the file
name (``banana-1.2.0.tar.gz`` -> ``banana``, ``1.2.0``) and its ``digests`` from the content.
Packages list newest first (cursor pages) and filter by ``name``; ``POST .../packages/upload``
answers a presigned form for the storage server.  Copying needs ``?to=`` and
works only between registries of the ecosystems Buildkite allows.
"""

from __future__ import annotations

import hashlib
import re
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any

from .._http import HTTPError, Req, Resp, json_resp, paginate_cursor
from .._state import graphql_id, iso
from ._common import get_org

Record = dict[str, Any]

REGISTRIES = "/v2/packages/organizations/{org}/registries"
REGISTRY = REGISTRIES + "/{registry}"
PACKAGES = REGISTRY + "/packages"
COPYABLE = frozenset({"alpine", "deb", "debian", "files", "npm", "python", "rpm", "redhat", "ruby"})
_NAME_VERSION = re.compile(r"^(?P<name>.+?)[-_](?P<version>[0-9][^-_]*)")
_EXTENSIONS = re.compile(r"(\.tar)?\.[A-Za-z0-9]+$")


def _registries_path(req: Req) -> str:
    return f"/v2/packages/organizations/{get_org(req).slug}/registries"


def _registry(req: Req, slug: str | None = None) -> tuple[str, Record]:
    base = _registries_path(req)
    slug = slug if slug is not None else req.params["registry"]
    rec = req.store.generic.get(base, {}).get(slug)
    if rec is None:
        raise HTTPError(404, "No registry found")
    return f"{base}/{slug}", rec


def _web(req: Req, path: str) -> str:
    return "https://buildkite.com" + path.replace("/v2/packages/organizations", "/organizations")


def create_registry(req: Req) -> Resp:
    data = req.data()
    name, ecosystem = data.get("name"), data.get("ecosystem")
    if not isinstance(name, str) or not name.strip():
        raise HTTPError(422, "Validation failed: Name can't be blank")
    if not isinstance(ecosystem, str) or not ecosystem:
        raise HTTPError(422, "Validation failed: Ecosystem can't be blank")
    base = _registries_path(req)
    coll = req.store.generic.setdefault(base, {})
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "registry"
    if slug in coll:
        raise HTTPError(422, "Validation failed: Name has already been taken")
    ident = req.store.new_id()
    coll[slug] = {
        "id": ident, "graphql_id": graphql_id("Registry", ident), "slug": slug,
        "url": f"{req.base_url}{base}/{slug}", "web_url": _web(req, f"{base}/{slug}"),
        "name": name, "ecosystem": ecosystem, "description": data.get("description"),
        "emoji": data.get("emoji"), "color": data.get("color"), "public": False,
        "oidc_policy": data.get("oidc_policy"), "team_ids": list(data.get("team_ids") or []),
    }  # fmt: skip
    return json_resp(coll[slug])


def _form(req: Req) -> dict[str, tuple[str | None, bytes]]:
    """The multipart fields as name -> (filename, content)."""
    ctype = req.headers.get("content-type", "")
    if not ctype.startswith("multipart/form-data"):
        raise HTTPError(422, "Validation failed: file is required (send multipart/form-data)")
    msg = BytesParser(EmailMessage, policy=HTTP).parsebytes(
        b"Content-Type: " + ctype.encode("latin-1") + b"\r\n\r\n" + req.body
    )
    fields: dict[str, tuple[str | None, bytes]] = {}
    for part in msg.iter_parts() if msg.is_multipart() else ():
        name = part.get_param("name", header="content-disposition")
        if isinstance(name, str):
            payload = part.get_payload(decode=True)
            fields[name] = (part.get_filename(), payload if isinstance(payload, bytes) else b"")
    return fields


def publish(req: Req) -> Resp:
    path, registry = _registry(req)
    fields = _form(req)
    if "file" in fields:
        filename, content = fields["file"]
    elif "package_url" in fields:
        url = fields["package_url"][1].decode()
        filename, content = url.rsplit("/", 1)[-1], url.encode()
    else:
        raise HTTPError(422, "Validation failed: file is required")
    if not filename:
        raise HTTPError(422, "Validation failed: file needs a filename")
    stem = _EXTENSIONS.sub("", filename)
    m = _NAME_VERSION.match(stem)
    org = get_org(req)
    ident = req.store.new_id()
    coll_path = path + "/packages"
    rec = {
        "id": ident,
        "url": f"{req.base_url}{coll_path}/{ident}",
        "web_url": _web(req, f"{coll_path}/{ident}"),
        "name": m.group("name") if m else stem,
        "version": m.group("version") if m else None,
        "filename": filename,
        "size": len(content),
        "digests": {
            "sha256": hashlib.sha256(content).hexdigest(),
            "sha512": hashlib.sha512(content).hexdigest(),
        },
        "created_at": iso(req.store.clock.now()),
        "organization": {
            "id": org.id, "slug": org.slug, "url": f"{req.base_url}/v2/organizations/{org.slug}",
            "web_url": f"https://buildkite.com/{org.slug}",
        },
        "registry": {k: registry.get(k) for k in ("id", "graphql_id", "slug", "url", "web_url")},
    }  # fmt: skip
    req.store.generic.setdefault(coll_path, {})[ident] = rec
    req.store.create_counts["packages"] += 1
    return json_resp(rec)


def presigned_upload(req: Req) -> Resp:
    """Where to send a file directly to storage; publish it afterwards with ``package_url``."""
    path, _ = _registry(req)
    key = f"uploads/{req.store.new_id()}/${{filename}}"
    form = {"file_input": "file", "method": "POST", "url": req.store.storage_url,
            "data": {"key": key, "acl": "private"}}  # fmt: skip
    return json_resp({"uri": f"{req.base_url}{path}/packages/upload/{key}", "form": form})


def list_packages(req: Req) -> Resp:
    path, _ = _registry(req)
    items = list(req.store.generic.get(path + "/packages", {}).values())[::-1]
    name = req.query.get("name")
    if name:
        items = [r for r in items if r.get("name") == name]
    return paginate_cursor(req, items, key=lambda r: r["id"])


def _package(req: Req) -> tuple[str, Record]:
    path, _ = _registry(req)
    rec = req.store.generic.get(path + "/packages", {}).get(req.params["id"])
    if rec is None:
        raise HTTPError(404, "No package found")
    return path, rec


def get_package(req: Req) -> Resp:
    return json_resp(_package(req)[1])


def delete_package(req: Req) -> Resp:
    path, rec = _package(req)
    del req.store.generic[path + "/packages"][rec["id"]]
    return json_resp({})


def copy_package(req: Req) -> Resp:
    _, source_registry = _registry(req)
    _, rec = _package(req)
    target = req.query.get("to")
    if not target:
        raise HTTPError(422, "Validation failed: to is required")
    dest_path, dest = _registry(req, target)
    if source_registry.get("ecosystem") not in COPYABLE:
        raise HTTPError(422, f"Packages of {source_registry.get('ecosystem')} cannot be copied")
    if dest.get("ecosystem") != source_registry.get("ecosystem"):
        raise HTTPError(422, "Validation failed: destination registry has another ecosystem")
    ident = req.store.new_id()
    coll_path = dest_path + "/packages"
    copy = {
        **rec,
        "id": ident,
        "url": f"{req.base_url}{coll_path}/{ident}",
        "web_url": _web(req, f"{coll_path}/{ident}"),
        "created_at": iso(req.store.clock.now()),
        "registry": {k: dest.get(k) for k in ("id", "graphql_id", "slug", "url", "web_url")},
    }
    req.store.generic.setdefault(coll_path, {})[ident] = copy
    return json_resp(copy)


ROUTES = [
    ("POST", REGISTRIES, create_registry),
    ("POST", PACKAGES, publish),
    ("POST", PACKAGES + "/upload", presigned_upload),
    ("GET", PACKAGES, list_packages),
    ("GET", PACKAGES + "/{id}", get_package),
    ("DELETE", PACKAGES + "/{id}", delete_package),
    ("POST", PACKAGES + "/{id}/copy", copy_package),
]
