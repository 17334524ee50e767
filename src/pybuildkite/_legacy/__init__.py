"""The pybuildkite 1.x API, implemented on the 2.x client.

One module here per 1.x module; the public modules at the old import paths
(``pybuildkite.buildkite``, ``pybuildkite.builds``, ...) re-export from these.
Every request goes through :meth:`pybuildkite._legacy.client.Client.request`, which hands it
to a :class:`pybuildkite.Client` (connection reuse, timeouts, retries, rate limits).
"""
