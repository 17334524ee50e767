"""Pipeline templates on the wire against the emulator."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

import pybuildkite
from pybuildkite.types.pipeline_templates import PipelineTemplate

ORG = "acme"
PATH = f"/v2/organizations/{ORG}/pipeline-templates"
YAML = "steps:\n  - command: make test\n"


def wire(emu: Any) -> tuple[str, str, Counter[tuple[str, str]], Any]:
    r = emu.requests[-1]
    return r.method, r.path, Counter(r.query), r.json


def test_template_crud(buildkite_emulator: Any, buildkite_client: pybuildkite.Client) -> None:
    emu, client = buildkite_emulator, buildkite_client
    made = client.pipeline_templates.create(
        ORG, name="Standard", configuration=YAML, available=True
    )
    assert wire(emu) == ("POST", PATH, Counter(),
                         {"name": "Standard", "configuration": YAML, "available": True})  # fmt: skip
    assert isinstance(made, PipelineTemplate) and made.uuid
    assert (made.configuration, made.available) == (YAML, True)

    assert client.pipeline_templates.get(ORG, made.uuid).name == "Standard"
    assert wire(emu)[:2] == ("GET", f"{PATH}/{made.uuid}")

    updated = client.pipeline_templates.update(ORG, made.uuid, description=None, available=False)
    assert wire(emu) == ("PATCH", f"{PATH}/{made.uuid}", Counter(),
                         {"description": None, "available": False})  # fmt: skip
    assert (updated.name, updated.available, updated.description) == ("Standard", False, None)

    assert [t.uuid for t in client.pipeline_templates.list(ORG)] == [made.uuid]
    client.pipeline_templates.delete(ORG, made.uuid)
    assert (emu.requests[-1].method, emu.requests[-1].status) == ("DELETE", 204)
    assert client.pipeline_templates.list(ORG).to_list() == []


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"name": "x", "configuration": None}, TypeError),
        ({"name": "", "configuration": YAML}, ValueError),
        ({"name": "x", "configuration": YAML, "available": "true"}, TypeError),
    ],
)
def test_template_bad_input_sends_nothing(
    buildkite_emulator: Any, buildkite_client: pybuildkite.Client, kwargs: dict[str, Any],
    error: type[Exception],
) -> None:  # fmt: skip
    with pytest.raises(error):
        buildkite_client.pipeline_templates.create(ORG, **kwargs)
    assert buildkite_emulator.requests == []


async def test_async_templates(
    buildkite_emulator: Any, async_buildkite_client: pybuildkite.AsyncClient
) -> None:
    client = async_buildkite_client
    made = await client.pipeline_templates.create(ORG, name="Async", configuration=YAML)
    assert (await client.pipeline_templates.get(ORG, made.uuid)).name == "Async"
    assert [t.uuid async for t in client.pipeline_templates.list(ORG)] == [made.uuid]
