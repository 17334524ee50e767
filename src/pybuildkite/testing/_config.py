"""Configuration objects: REST rate limits, GraphQL complexity budgets and fault injection."""

from __future__ import annotations

import random
import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

FaultKind = Literal["ok", "error", "rate_limit", "reset", "truncate", "slow", "trickle"]
FAULT_KINDS: tuple[str, ...] = ("ok", "error", "rate_limit", "reset", "truncate", "slow", "trickle")


@dataclass(frozen=True, slots=True)
class RateLimits:
    """REST rate limits, counted per request against two fixed windows.

    ``org`` is shared by every token of an organization, ``user`` by every token
    of one user; a request counts against both.  The default is deliberately
    generous (100,000 per minute) so ordinary tests are never throttled while
    every response still carries the ``RateLimit-*`` headers; use
    :meth:`buildkite` for the real numbers (200 and 50 per 60 s) or pass a short
    ``window`` to exercise throttling quickly.  ``RateLimit-Reset`` is whole
    seconds when the window is at least 5 s long and a fraction (3 decimals)
    otherwise, so a compressed window does not round to 0 or 1.
    """

    org: int = 100_000
    user: int = 100_000
    window: float = 60.0

    @classmethod
    def buildkite(cls, window: float = 60.0) -> RateLimits:
        return cls(org=200, user=50, window=window)


@dataclass(frozen=True, slots=True)
class GraphQLLimits:
    """GraphQL's time-based budgets, counted in complexity points rather than requests.

    Every answered query charges its *actual* complexity (the objects it really returned)
    to a window shared by the organization (``org``, 20,000 points) and to one per user
    (``user``, 5,000 points); both windows last ``window`` seconds (five minutes).  Once a
    window is spent, queries are answered 429 until it turns over.  A query whose
    *requested* complexity exceeds ``max_complexity`` is refused outright (HTTP 200 with an
    ``errors`` entry) and charges nothing.  Pass a short ``window`` (and small budgets) to
    exercise throttling quickly; ``RateLimit-Reset`` is formatted as for
    :class:`RateLimits`.
    """

    org: int = 20_000
    user: int = 5_000
    window: float = 300.0
    max_complexity: int = 50_000


@dataclass(frozen=True, slots=True)
class Faults:
    """Faults injected into matching requests.

    A request is eligible when its path starts with one of ``paths`` (all paths
    when empty) and its method is in ``methods`` (all when empty).  For each
    eligible request the next entry of ``script`` decides what happens; once the
    script is used up, the ``*_rate`` fractions are rolled with
    ``random.Random(seed)`` in this order: ``error``, ``rate_limit`` (starts a
    storm of ``storm_length`` consecutive 429s), ``reset``, ``truncate``,
    ``trickle``, ``slow``.

    * ``error`` -- answers ``error_status`` (503) with a JSON body; the handler
      does not run.
    * ``rate_limit`` -- a 429 with Buildkite's body and headers; handler not run.
    * ``reset`` -- the handler runs (so a POST still creates), then headers and
      part of the body are sent and the TCP connection is reset.
    * ``truncate`` -- the handler runs, ``Content-Length`` announces the full
      body, half of it is sent and the connection is closed.
    * ``trickle`` -- the body is sent ``trickle_bytes_per_second`` bytes a second.
    * ``slow`` -- the response is delayed by ``slow_delay`` seconds.

    ``latency`` adds a fixed delay to every eligible request.  ``churn_every``
    creates ``churn_builds`` new builds in ``churn_pipeline`` (``"org/slug"``,
    default: the first pipeline of the default organization) after every K-th
    eligible request, to model data changing while a client pages.
    """

    seed: int = 0
    paths: tuple[str, ...] = ()
    methods: tuple[str, ...] = ()
    script: tuple[str, ...] = ()
    error_rate: float = 0.0
    error_status: int = 503
    rate_limit_rate: float = 0.0
    storm_length: int = 3
    reset_rate: float = 0.0
    truncate_rate: float = 0.0
    trickle_rate: float = 0.0
    trickle_bytes_per_second: float = 1.0
    slow_rate: float = 0.0
    slow_delay: float = 1.0
    latency: float = 0.0
    churn_every: int = 0
    churn_builds: int = 1
    churn_pipeline: str | None = None

    def __post_init__(self) -> None:
        for kind in self.script:
            if kind not in FAULT_KINDS:
                raise ValueError(f"unknown fault kind {kind!r}; expected one of {FAULT_KINDS}")

    def applies(self, method: str, path: str) -> bool:
        if self.methods and method not in self.methods:
            return False
        return not self.paths or any(path.startswith(p) for p in self.paths)


@dataclass(slots=True)
class FaultState:
    """The mutable side of :class:`Faults`: RNG, script position, storm and counters."""

    config: Faults = field(default_factory=Faults)
    rng: random.Random = field(default_factory=random.Random)
    position: int = 0
    storm_left: int = 0
    eligible: int = 0
    injected: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def configure(self, config: Faults) -> None:
        with self.lock:
            self.config = config
            self.rng = random.Random(config.seed)
            self.position = 0
            self.storm_left = 0
            self.eligible = 0

    def decide(self) -> tuple[str, bool]:
        """Pick the fault for one eligible request; the flag says "churn now"."""
        with self.lock:
            c = self.config
            self.eligible += 1
            churn = bool(c.churn_every) and self.eligible % c.churn_every == 0
            if self.storm_left > 0:
                self.storm_left -= 1
                return "rate_limit", churn
            if self.position < len(c.script):
                kind = c.script[self.position]
                self.position += 1
                return kind, churn
            r = self.rng.random
            if c.error_rate and r() < c.error_rate:
                return "error", churn
            if c.rate_limit_rate and r() < c.rate_limit_rate:
                self.storm_left = max(0, c.storm_length - 1)
                return "rate_limit", churn
            if c.reset_rate and r() < c.reset_rate:
                return "reset", churn
            if c.truncate_rate and r() < c.truncate_rate:
                return "truncate", churn
            if c.trickle_rate and r() < c.trickle_rate:
                return "trickle", churn
            if c.slow_rate and r() < c.slow_rate:
                return "slow", churn
            return "ok", churn

    def count(self, kind: str) -> None:
        with self.lock:
            self.injected[kind] += 1
