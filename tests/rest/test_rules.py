"""Rules on the wire against the emulator."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

import pybuildkite
from pybuildkite.types.rules import Rule

ORG = "acme"
PATH = f"/v2/organizations/{ORG}/rules"
TRIGGER = "pipeline.trigger_build.pipeline"


def test_rule_crud(buildkite_emulator: Any, buildkite_client: pybuildkite.Client) -> None:
    emu, client = buildkite_emulator, buildkite_client
    source = emu.store.pipeline(ORG, emu.add_pipeline(ORG, "Deploy"))
    target = emu.store.pipeline(ORG, emu.add_pipeline(ORG, "Web"))
    rule = client.rules.create(
        ORG, type=TRIGGER, value={"source_pipeline": "deploy", "target_pipeline": target.id}
    )
    r = emu.requests[-1]
    assert (r.method, r.path, Counter(r.query), r.json) == (
        "POST", PATH, Counter(),
        {"type": TRIGGER, "value": {"source_pipeline": "deploy", "target_pipeline": target.id}},
    )  # fmt: skip
    assert isinstance(rule, Rule)
    assert (rule.source_uuid, rule.target_uuid) == (source.id, target.id)
    assert (rule.effect, rule.action) == ("allow", "trigger_build")

    assert client.rules.get(ORG, rule.uuid).type == TRIGGER
    assert [x.uuid for x in client.rules.list(ORG)] == [rule.uuid]
    with pytest.raises(pybuildkite.UnprocessableEntityError):
        client.rules.create(ORG, type=TRIGGER,
                            value={"source_pipeline": "nope", "target_pipeline": "web"})  # fmt: skip
    client.rules.delete(ORG, rule.uuid)
    assert (emu.requests[-1].method, emu.requests[-1].path) == ("DELETE", f"{PATH}/{rule.uuid}")
    assert client.rules.list(ORG).to_list() == []


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"type": TRIGGER, "value": "deploy->web"}, TypeError),
        ({"type": TRIGGER, "value": {}}, TypeError),
        ({"type": TRIGGER, "value": {"source_pipeline": 1, "target_pipeline": "web"}}, TypeError),
        ({"type": "", "value": {"source_pipeline": "a", "target_pipeline": "b"}}, ValueError),
    ],
)
def test_rule_bad_input_sends_nothing(
    buildkite_emulator: Any, buildkite_client: pybuildkite.Client, kwargs: dict[str, Any],
    error: type[Exception],
) -> None:  # fmt: skip
    with pytest.raises(error):
        buildkite_client.rules.create(ORG, **kwargs)
    assert buildkite_emulator.requests == []


async def test_async_rules(
    buildkite_emulator: Any, async_buildkite_client: pybuildkite.AsyncClient
) -> None:
    emu = buildkite_emulator
    emu.add_pipeline(ORG, "Deploy")
    emu.add_pipeline(ORG, "Web")
    rule = await async_buildkite_client.rules.create(
        ORG, type="pipeline.artifacts_read.pipeline",
        value={"source_pipeline": "deploy", "target_pipeline": "web"},
    )  # fmt: skip
    assert rule.action == "artifacts_read"
    await async_buildkite_client.rules.delete(ORG, rule.uuid)
    assert emu.requests[-1].status == 204
