"""Resource modules: one per Buildkite API group, each with a sync and an async class."""
