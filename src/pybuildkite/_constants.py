"""Every default the client uses, in one place.

Numbers quoted here are pinned by tests/core/test_constants.py, so a change is deliberate.
"""

from __future__ import annotations

import httpx

DEFAULT_BASE_URL = "https://api.buildkite.com"
DEFAULT_GRAPHQL_URL = "https://graphql.buildkite.com/v1"

#: Environment variables read when the matching keyword is not given.
ENV_TOKEN = "BUILDKITE_API_TOKEN"
ENV_BASE_URL = "BUILDKITE_API_URL"
ENV_GRAPHQL_URL = "BUILDKITE_GRAPHQL_URL"

#: Finite by default: a hung connection must never block a caller forever.
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
DEFAULT_MAX_RETRIES = 2

#: Exponential backoff with full jitter: delay = min(cap, initial * 2**attempt) * uniform(0.5, 1].
INITIAL_RETRY_DELAY = 0.5
MAX_RETRY_DELAY = 8.0

#: Buildkite caps per_page at 100; asking for the maximum keeps crawls to the fewest requests.
DEFAULT_PER_PAGE = 100
MAX_PER_PAGE = 100

#: GraphQL complexity windows last five minutes, so anything shorter would give up on a
#: limit that is about to lift.
DEFAULT_MAX_RATE_LIMIT_WAIT = 300.0
#: Waits for a window are padded a little so the request lands after it has turned over
#: (the reset is measured when the response arrives, which already errs on the late side).
RATE_LIMIT_PADDING = 0.1
#: How many times one request may be answered 429 before giving up (each wait is bounded by
#: max_rate_limit_wait as well).
MAX_RATE_LIMIT_RETRIES = 8

#: Pages fetched at once once the last page of a page-numbered listing is known.
DEFAULT_PAGE_CONCURRENCY = 7

#: builds.wait(): first poll interval, growth factor and cap.
WAIT_POLL_INITIAL = 1.0
WAIT_POLL_FACTOR = 1.5
WAIT_POLL_MAX = 15.0
DEFAULT_WAIT_TIMEOUT = 3600.0

#: Chunk size for streamed downloads.
DOWNLOAD_CHUNK_SIZE = 128 * 1024

#: Status codes retried for idempotent methods.
RETRYABLE_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})
