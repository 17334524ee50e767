"""Custom emojis (explicitly unpaginated)."""

from __future__ import annotations

from .._http import Req, Resp, json_resp
from ._common import ORG, get_org

EMOJIS = [
    {"name": "rocket", "url": "https://buildkiteassets.com/emoji/unicode/1f680.png?v1"},
    {
        "name": "shipit",
        "url": "https://buildkiteassets.com/emoji/shipit.png?v1",
        "aliases": ["squirrel"],
    },
    {"name": "debian", "url": "https://buildkiteassets.com/emoji/debian.png?v1"},
]


def list_emojis(req: Req) -> Resp:
    get_org(req)
    return json_resp(EMOJIS)


ROUTES = [("GET", ORG + "/emojis", list_emojis)]
