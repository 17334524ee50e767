"""Ready-made GraphQL documents, kept as ``.graphql`` files so editors and schema tools read them.

Each is validated against Buildkite's public schema by the test suite.

>>> from pybuildkite.graphql_documents import PIPELINE_BUILDS
>>> builds = client.graphql.paginate(  # doctest: +SKIP
...     PIPELINE_BUILDS, {"slug": "acme/app", "createdAtTo": "2025-01-01T00:00:00Z"},
...     path="pipeline.builds")
"""

from __future__ import annotations

from importlib import resources

__all__ = [
    "BUILD",
    "ORGANIZATION_AGENTS",
    "ORGANIZATION_PIPELINES",
    "PIPELINE_BUILDS",
    "VIEWER",
    "names",
    "read",
]


def names() -> list[str]:
    """The names of every shipped document (file names without ``.graphql``)."""
    files = resources.files(__name__).iterdir()
    return sorted(f.name.removesuffix(".graphql") for f in files if f.name.endswith(".graphql"))


def read(name: str) -> str:
    """The text of the document called ``name`` (see :func:`names`)."""
    if name not in names():
        raise KeyError(f"no GraphQL document called {name!r}; shipped: {', '.join(names())}")
    return resources.files(__name__).joinpath(f"{name}.graphql").read_text(encoding="utf-8")


#: ``viewer { user { id uuid name email } }``
VIEWER = read("viewer")
#: ``$slug``, ``$first``, ``$after``, ``$search``; paginate ``organization.pipelines``.
ORGANIZATION_PIPELINES = read("organization_pipelines")
#: ``$slug`` ("org/pipeline"), ``$createdAtFrom``/``$createdAtTo``, ``$branch``, ``$state``;
#: paginate ``pipeline.builds``.
PIPELINE_BUILDS = read("pipeline_builds")
#: ``$uuid``: one build with its pipeline.
BUILD = read("build")
#: ``$slug``, ``$clustered``; paginate ``organization.agents``.
ORGANIZATION_AGENTS = read("organization_agents")
