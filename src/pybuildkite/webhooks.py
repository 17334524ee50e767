"""Verify Buildkite's outgoing webhooks and turn them into typed events.

Buildkite proves a delivery is genuine in one of two ways, chosen per notification service:

* ``X-Buildkite-Signature: timestamp=<unix seconds>,signature=<hex>``, where the signature is
  HMAC-SHA256 over ``"<timestamp>.<raw body>"`` keyed by the webhook token. The token never
  travels, and the timestamp is inside the MAC, so old deliveries can be refused.
* ``X-Buildkite-Token: <token>``: the token itself, in plain text.

>>> event = verify(request_body, request_headers, secret=WEBHOOK_TOKEN)  # doctest: +SKIP
>>> if isinstance(event, BuildEvent) and event.event == "build.finished":  # doctest: +SKIP
...     print(event.build.number, event.build.state)
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import time
from collections.abc import Iterable, Mapping
from typing import Any, Literal

import pydantic

from ._exceptions import BuildkiteError
from ._models import BaseModel, Timestamp
from .types.agents import Agent
from .types.builds import Build
from .types.jobs import Job
from .types.organizations import Organization
from .types.pipelines import Pipeline
from .types.shared import User

__all__ = [
    "DEFAULT_TOLERANCE",
    "EVENT_HEADER",
    "SIGNATURE_HEADER",
    "TOKEN_HEADER",
    "AgentEvent",
    "AnyWebhookEvent",
    "BuildEvent",
    "ClusterTokenEvent",
    "JobEvent",
    "PackageEvent",
    "PingEvent",
    "UnknownEvent",
    "WebhookEvent",
    "WebhookVerificationError",
    "sign",
    "verify",
]

SIGNATURE_HEADER = "X-Buildkite-Signature"
TOKEN_HEADER = "X-Buildkite-Token"
EVENT_HEADER = "X-Buildkite-Event"
#: Seconds a signed delivery may be away from the receiver's clock, either way.
DEFAULT_TOLERANCE = 300

_TIMESTAMP = re.compile(r"[0-9]{1,15}")
_HEX_SHA256 = re.compile(r"[0-9a-fA-F]{64}")


class WebhookVerificationError(BuildkiteError):
    """A delivery could not be shown to come from Buildkite, or is not a webhook payload.

    ``reason`` says which check failed; it never contains the secret or the presented token.
    """

    reason: str

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# -- events ------------------------------------------------------------------------------------


class WebhookEvent(BaseModel):
    """Every delivery names its event and, usually, the user who created the webhook."""

    event: str
    sender: User | None = None


BuildEventName = (
    Literal["build.scheduled", "build.running", "build.failing", "build.finished", "build.skipped"]
    | str
)
JobEventName = (
    Literal["job.scheduled", "job.started", "job.finished", "job.activated",
            "job.promised_exit_status"]
    | str
)  # fmt: skip
AgentEventName = (
    Literal["agent.connected", "agent.lost", "agent.disconnected", "agent.stopping",
            "agent.stopped", "agent.blocked"]
    | str
)  # fmt: skip


class BuildEvent(WebhookEvent):
    """``build.*``: the build carries no jobs (use a job event or the REST API for those)."""

    event: BuildEventName
    build: Build
    pipeline: Pipeline


class JobEvent(WebhookEvent):
    event: JobEventName
    job: Job
    build: Build
    pipeline: Pipeline


class AgentEvent(WebhookEvent):
    event: AgentEventName
    agent: Agent


class WebhookService(BaseModel):
    """The notification service a ``ping`` describes."""

    id: str | None = None
    provider: str | None = None
    settings: dict[str, Any] | None = None


class PingEvent(WebhookEvent):
    """Sent when a webhook's settings change."""

    event: Literal["ping"] | str
    service: WebhookService
    organization: Organization


class WebhookClusterToken(BaseModel):
    """The agent token named by a blocked registration (only the commonly sent fields)."""

    id: str | None = None
    description: str | None = None
    allowed_ip_addresses: str | None = None
    url: str | None = None
    cluster_url: str | None = None
    created_at: Timestamp | None = None
    created_by: User | None = None


class ClusterTokenEvent(WebhookEvent):
    event: Literal["cluster_token.registration_blocked"] | str
    blocked_ip: str | None = None
    cluster_token: WebhookClusterToken


class WebhookPackage(BaseModel):
    """The package a Package Registries webhook announces."""

    id: str
    name: str | None = None
    url: str | None = None
    web_url: str | None = None
    organization: dict[str, Any] | None = None
    registry: dict[str, Any] | None = None


class PackageEvent(WebhookEvent):
    event: Literal["package.created"] | str
    package: WebhookPackage


class UnknownEvent(WebhookEvent):
    """An event this library does not model yet; ``raw`` is the whole payload."""

    raw: dict[str, Any]


AnyWebhookEvent = (
    BuildEvent | JobEvent | AgentEvent | PingEvent | ClusterTokenEvent | PackageEvent
    | UnknownEvent
)  # fmt: skip

# Families, not exact names: a new ``build.*`` event carries the same resources.
_FAMILIES: tuple[tuple[str, type[WebhookEvent]], ...] = (
    ("build.", BuildEvent),
    ("job.", JobEvent),
    ("agent.", AgentEvent),
    ("cluster_token.", ClusterTokenEvent),
    ("package.", PackageEvent),
)


def _event_class(name: str) -> type[WebhookEvent] | None:
    if name == "ping":
        return PingEvent
    for prefix, cls in _FAMILIES:
        if name.startswith(prefix):
            return cls
    return None


# -- verification ------------------------------------------------------------------------------


def _header(headers: Mapping[str, str] | Iterable[tuple[str, str]], name: str) -> str | None:
    """One header, matched case-insensitively; a header sent twice with different values is
    refused, since which copy a proxy or framework keeps is not something to bet on."""
    wanted = name.lower()
    # Anything with .items() (dicts, Starlette and httpx headers, http.server's message)
    # yields every (name, value) pair, duplicates included.
    items = getattr(headers, "items", None)
    pairs: Iterable[Any] = items() if callable(items) else headers
    found: str | None = None
    for key, value in pairs:
        if not isinstance(key, str) or key.lower() != wanted:
            continue
        if found is not None and found != value:
            raise WebhookVerificationError(f"{name} header appears more than once")
        found = value
    return found


def _parse_signature(value: str) -> tuple[str, bytes]:
    fields: dict[str, str] = {}
    for part in value.split(","):
        key, sep, item = part.strip().partition("=")
        if not sep or not key:
            raise WebhookVerificationError(f"malformed {SIGNATURE_HEADER} header")
        if key in fields:
            raise WebhookVerificationError(f"duplicate {key!r} in {SIGNATURE_HEADER} header")
        # Unknown keys are kept out of the decision rather than refused, so a future addition
        # to the header does not break receivers; only the two known fields are trusted.
        fields[key] = item.strip()
    timestamp = fields.get("timestamp")
    signature = fields.get("signature")
    if timestamp is None:
        raise WebhookVerificationError(f"{SIGNATURE_HEADER} header has no timestamp")
    if signature is None:
        raise WebhookVerificationError(f"{SIGNATURE_HEADER} header has no signature")
    if not _TIMESTAMP.fullmatch(timestamp):
        raise WebhookVerificationError(f"{SIGNATURE_HEADER} timestamp is not a Unix time")
    if not _HEX_SHA256.fullmatch(signature):
        raise WebhookVerificationError(f"{SIGNATURE_HEADER} signature is not a hex SHA-256 MAC")
    return timestamp, bytes.fromhex(signature)


def _mac(body: bytes, secret: str, timestamp: str) -> bytes:
    return hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).digest()


def _check_secret(secret: str) -> None:
    if not isinstance(secret, str):
        raise TypeError(f"secret must be a str, not {type(secret).__name__}")
    if not secret:
        # An empty secret would accept an empty token: refuse the configuration outright.
        raise ValueError("secret must not be empty")


def _authenticate(
    body: bytes,
    headers: Mapping[str, str] | Iterable[tuple[str, str]],
    secret: str,
    tolerance: int,
    now: float | None,
) -> None:
    signature_header = _header(headers, SIGNATURE_HEADER)
    if signature_header is not None:
        timestamp, presented = _parse_signature(signature_header)
        # MAC first: nothing about the timestamp is revealed to a sender without the secret.
        if not hmac.compare_digest(presented, _mac(body, secret, timestamp)):
            raise WebhookVerificationError("signature does not match the body")
        skew = (time.time() if now is None else now) - int(timestamp)
        if skew > tolerance:
            raise WebhookVerificationError(f"signature timestamp is {skew:.0f}s old")
        if skew < -tolerance:
            raise WebhookVerificationError(f"signature timestamp is {-skew:.0f}s in the future")
        return
    token = _header(headers, TOKEN_HEADER)
    if token is None:
        raise WebhookVerificationError(f"neither {SIGNATURE_HEADER} nor {TOKEN_HEADER} was sent")
    if not hmac.compare_digest(token.encode(), secret.encode()):
        raise WebhookVerificationError(f"{TOKEN_HEADER} does not match")


def _parse_event(body: bytes, header_name: str | None) -> WebhookEvent:
    try:
        payload = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise WebhookVerificationError("body is not JSON") from None
    if not isinstance(payload, dict):
        raise WebhookVerificationError("body is not a JSON object")
    body_name = payload.get("event")
    if not isinstance(body_name, str) or not body_name:
        raise WebhookVerificationError("body has no event name")
    if header_name is None:
        raise WebhookVerificationError(f"{EVENT_HEADER} header is missing")
    if header_name != body_name:
        raise WebhookVerificationError(
            f"{EVENT_HEADER} ({header_name!r}) does not match the body's event ({body_name!r})"
        )
    cls = _event_class(body_name)
    try:
        if cls is None:
            sender = payload.get("sender")
            return UnknownEvent(
                event=body_name,
                sender=User.model_validate(sender) if isinstance(sender, dict) else None,
                raw=payload,
            )
        return cls.model_validate(payload)
    except pydantic.ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ())) or "<root>"
        raise WebhookVerificationError(
            f"{body_name} payload is not what that event carries: {where}: {first['msg']}"
        ) from None


def verify(
    body: bytes,
    headers: Mapping[str, str] | Iterable[tuple[str, str]],
    secret: str,
    *,
    tolerance: int = DEFAULT_TOLERANCE,
    now: float | None = None,
) -> WebhookEvent:
    """Check that ``body`` was sent by Buildkite and return it as a typed event.

    ``body`` must be the raw request bytes, exactly as received: the MAC covers them, so a
    re-serialised body would not verify. ``headers`` may be any mapping (matched
    case-insensitively) or a list of ``(name, value)`` pairs. A signed delivery must be within
    ``tolerance`` seconds of ``now`` (default: the current time), in either direction.

    Returns a :class:`BuildEvent`, :class:`JobEvent`, :class:`AgentEvent`, :class:`PingEvent`,
    :class:`ClusterTokenEvent`, :class:`PackageEvent` or, for any other event,
    :class:`UnknownEvent`. Raises :class:`WebhookVerificationError` when any check fails.
    """
    if not isinstance(body, bytes | bytearray | memoryview):
        raise TypeError(f"body must be the raw request bytes, not {type(body).__name__}")
    _check_secret(secret)
    if isinstance(tolerance, bool) or not isinstance(tolerance, int) or tolerance < 0:
        raise ValueError(f"tolerance must be a non-negative int, got {tolerance!r}")
    raw = bytes(body)
    _authenticate(raw, headers, secret, tolerance, now)
    return _parse_event(raw, _header(headers, EVENT_HEADER))


def sign(
    body: bytes,
    secret: str,
    timestamp: int | None = None,
    *,
    event: str | None = None,
) -> dict[str, str]:
    """The headers Buildkite would send with ``body`` in signature mode.

    ``X-Buildkite-Event`` is ``event`` when given, else the body's own ``event`` field (left out
    when the body has none). ``timestamp`` defaults to now, in Unix seconds.
    """
    _check_secret(secret)
    ts = str(int(time.time()) if timestamp is None else int(timestamp))
    headers = {
        "Content-Type": "application/json",
        SIGNATURE_HEADER: f"timestamp={ts},signature={_mac(bytes(body), secret, ts).hex()}",
    }
    if event is None:
        try:
            payload = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            payload = None
        if isinstance(payload, dict) and isinstance(payload.get("event"), str):
            event = payload["event"]
    if event is not None:
        headers[EVENT_HEADER] = event
    return headers
