"""Unauthenticated meta routes: ping, /v2/meta, the API catalog and the OpenAPI spec."""

from __future__ import annotations

import json

from .._catalog import CATALOG
from .._http import Req, Resp, json_resp, text_resp

WEBHOOK_IPS = ["192.0.2.0/24", "198.51.100.12"]


def root(req: Req) -> Resp:
    return json_resp({"message": "🛠", "timestamp": int(req.store.clock.now().timestamp())})


def meta(req: Req) -> Resp:
    return json_resp({"webhook_ips": WEBHOOK_IPS})


def api_catalog(req: Req) -> Resp:
    base = req.base_url
    body = {
        "linkset": [
            {
                "anchor": f"{base}/v2/analytics",
                "service-desc": [
                    {
                        "href": f"{base}/v2/analytics/openapi.yaml",
                        "type": "application/openapi+yaml",
                    }
                ],
                "service-doc": [
                    {"href": "https://buildkite.com/docs/apis/rest-api", "type": "text/html"}
                ],
            }
        ]
    }
    resp = json_resp(body)
    resp.headers = [(b"content-type", b"application/linkset+json")]
    return resp


def openapi(req: Req) -> Resp:
    # A real, if terse, OpenAPI document for the Test Engine routes the emulator serves.
    lines = [
        "openapi: 3.0.3",
        "info:",
        "  title: Buildkite Test Engine API",
        "  version: v2",
        "servers:",
        f"  - url: {req.base_url}",
        "paths:",
    ]
    paths: dict[str, list[tuple[str, int, str]]] = {}
    for group, method, path, status, _pag, _scopes, _alts, _is_list in CATALOG:
        if path.startswith("/v2/analytics/organizations"):
            templ = path.replace(".", "_")
            paths.setdefault(templ, []).append((method.lower(), status, group))
    for path, ops in paths.items():
        lines.append(f"  {json.dumps(path)}:")
        for method, status, group in ops:
            lines.append(f"    {method}:")
            lines.append(f"      tags: [{group}]")
            lines.append("      responses:")
            lines.append(f"        '{status}':")
            lines.append("          description: OK")
    return text_resp("\n".join(lines) + "\n", "application/openapi+yaml")


ROUTES = [
    ("GET", "/", root, None),
    ("GET", "/v2/meta", meta, None),
    ("GET", "/.well-known/api-catalog", api_catalog, None),
    ("GET", "/v2/analytics/openapi.yaml", openapi, None),
]
