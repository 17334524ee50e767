"""Pipeline templates: CRUD by uuid, validation, and no deleting a template in use."""

from __future__ import annotations

import httpx
import pytest

import pybuildkite
from pybuildkite.testing import Emulator

TEMPLATES = "/v2/organizations/acme/pipeline-templates"


def test_crud(buildkite_client: pybuildkite.Client, buildkite_emulator: Emulator) -> None:
    org, templates = buildkite_emulator.org, buildkite_client.pipeline_templates
    made = templates.create(org, name="Node", configuration="steps:\n  - command: npm test\n")
    assert made.available is False and made.name == "Node"
    assert made.url is not None and made.url.endswith(f"{TEMPLATES}/{made.uuid}")
    assert made.created_by is not None
    changed = templates.update(org, made.uuid, available=True, description="JS")
    assert (changed.available, changed.description) == (True, "JS")
    assert templates.get(org, made.uuid).description == "JS"
    assert [t.uuid for t in templates.list(org)] == [made.uuid]
    templates.delete(org, made.uuid)
    with pytest.raises(pybuildkite.NotFoundError):
        templates.get(org, made.uuid)


def test_validation_and_in_use(api: httpx.Client) -> None:
    assert api.post(TEMPLATES, json={"name": "T"}).status_code == 422
    assert api.post(TEMPLATES, json={"configuration": "steps: []"}).status_code == 422
    assert api.post(TEMPLATES, json={"name": "T", "configuration": "x", "available": "yes"}
                    ).status_code == 422  # fmt: skip
    r = api.post(TEMPLATES, json={"name": "T", "configuration": "steps: []"})
    assert r.status_code == 201
    ident = r.json()["uuid"]
    assert api.patch(f"{TEMPLATES}/{ident}", json={"name": " "}).status_code == 422
    pipeline = api.post("/v2/organizations/acme/pipelines", json={
        "name": "Templated", "repository": "git@example.com:a/b.git",
        "pipeline_template_uuid": ident})  # fmt: skip
    assert pipeline.status_code == 201
    refused = api.delete(f"{TEMPLATES}/{ident}")
    assert refused.status_code == 422 and "assigned" in refused.json()["message"]
    api.delete("/v2/organizations/acme/pipelines/templated")
    assert api.delete(f"{TEMPLATES}/{ident}").status_code == 204
    r = api.get(f"{TEMPLATES}/{ident}")
    assert (r.status_code, r.json()) == (404, {"message": "No pipeline template found"})
