"""Package Registries on the wire: registries, multipart publish, listing, copy, tokens."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path
from typing import Any

import pytest

import pybuildkite
from pybuildkite.testing import Emulator
from pybuildkite.types.packages import Package, PresignedUpload, Registry, RegistryToken

REGISTRIES = "/v2/packages/organizations/acme/registries"
CONTENT = b"\x1f\x8b package bytes " * 5000  # several multipart chunks


@pytest.fixture
def emu(buildkite_emulator: Emulator) -> Emulator:
    return buildkite_emulator


@pytest.fixture
def client(buildkite_client: pybuildkite.Client) -> pybuildkite.Client:
    return buildkite_client


def last(emu: Emulator) -> Any:
    return emu.requests[-1]


def _registry(client: pybuildkite.Client, emu: Emulator, name: str = "py") -> Registry:
    return client.package_registries.create(emu.org, name=name, ecosystem="python")


def test_registry_crud_answers_200(client: pybuildkite.Client, emu: Emulator) -> None:
    reg = client.package_registries.create(
        emu.org, name="My Gems", ecosystem="ruby", team_ids=["t-1"], oidc_policy="- iss: x\n"
    )
    assert (last(emu).method, last(emu).status) == ("POST", 200)
    assert last(emu).json == {"name": "My Gems", "ecosystem": "ruby", "team_ids": ["t-1"],
                              "oidc_policy": "- iss: x\n"}  # fmt: skip
    assert isinstance(reg, Registry) and reg.slug == "my-gems"
    updated = client.package_registries.update(emu.org, reg.slug, description="gems")
    assert (last(emu).method, last(emu).path, last(emu).json) == (
        "POST", f"{REGISTRIES}/my-gems", {"description": "gems"})  # fmt: skip
    assert updated.description == "gems"
    assert [r.slug for r in client.package_registries.list(emu.org)] == ["my-gems"]
    assert client.package_registries.get(emu.org, "my-gems").ecosystem == "ruby"
    assert client.package_registries.delete(emu.org, "my-gems") is None
    assert (last(emu).method, last(emu).status) == ("DELETE", 200)


def _assert_published(emu: Emulator, package: Package, filename: str) -> None:
    rec = last(emu)
    assert (rec.method, rec.path, rec.status) == ("POST", f"{REGISTRIES}/py/packages", 200)
    assert rec.headers["content-type"].startswith("multipart/form-data; boundary=")
    assert f'name="file"; filename="{filename}"'.encode() in rec.body
    assert CONTENT in rec.body
    assert int(rec.headers["content-length"]) == len(rec.body)  # streamed with a known length
    assert isinstance(package, Package) and package.digests is not None
    assert package.digests.sha256 == hashlib.sha256(CONTENT).hexdigest()


def test_publish_path_bytes_and_file_object(
    client: pybuildkite.Client, emu: Emulator, tmp_path: Path
) -> None:
    _registry(client, emu)
    wheel = tmp_path / "banana-1.2.0.tar.gz"
    wheel.write_bytes(CONTENT)
    from_path = client.packages.publish(emu.org, "py", wheel)
    _assert_published(emu, from_path, "banana-1.2.0.tar.gz")
    assert (from_path.name, from_path.version) == ("banana", "1.2.0")
    from_str = client.packages.publish(emu.org, "py", str(wheel), filename="banana-1.3.0.tar.gz")
    _assert_published(emu, from_str, "banana-1.3.0.tar.gz")
    from_bytes = client.packages.publish(emu.org, "py", CONTENT, filename="grape-2.0.tar.gz")
    _assert_published(emu, from_bytes, "grape-2.0.tar.gz")
    with wheel.open("rb") as handle:
        handle.read(10)  # a moved position does not matter: the whole file is sent
        from_handle = client.packages.publish(emu.org, "py", handle)
        assert not handle.closed
    _assert_published(emu, from_handle, "banana-1.2.0.tar.gz")


async def test_async_publish_streams(
    client: pybuildkite.Client, async_buildkite_client: pybuildkite.AsyncClient, emu: Emulator
) -> None:
    _registry(client, emu)
    package = await async_buildkite_client.packages.publish(
        emu.org, "py", io.BytesIO(CONTENT), filename="kiwi-0.1.tar.gz"
    )
    _assert_published(emu, package, "kiwi-0.1.tar.gz")
    assert package.name == "kiwi"


@pytest.mark.parametrize(
    ("file", "kwargs", "error"),
    [(b"data", {}, ValueError), (io.BytesIO(b"data"), {}, ValueError),
     (io.StringIO("text"), {"filename": "a.txt"}, TypeError), (42, {}, TypeError),
     (b"data", {"filename": 3}, TypeError), (b"data", {"filename": "a", "extra_body": {}}, TypeError)],
)  # fmt: skip
def test_bad_publish_input_is_refused(
    client: pybuildkite.Client, emu: Emulator, file: Any, kwargs: dict[str, Any],
    error: type[Exception],
) -> None:  # fmt: skip
    with pytest.raises(error):
        client.packages.publish(emu.org, "py", file, **kwargs)
    assert emu.requests == []


def test_list_get_copy_delete(client: pybuildkite.Client, emu: Emulator) -> None:
    _registry(client, emu)
    _registry(client, emu, "mirror")
    first = client.packages.publish(emu.org, "py", b"a", filename="apple-1.0.tar.gz")
    second = client.packages.publish(emu.org, "py", b"b", filename="banana-1.0.tar.gz")
    third = client.packages.publish(emu.org, "py", b"c", filename="apple-2.0.tar.gz")
    emu.clear_requests()
    newest_first = client.packages.list(emu.org, "py", per_page=2).to_list()
    assert [p.id for p in newest_first] == [third.id, second.id, first.id]
    assert len(emu.requests) == 2 and "after" in dict(last(emu).query)
    apples = client.packages.list(emu.org, "py", name="apple").to_list()
    assert ("name", "apple") in last(emu).query
    assert [p.version for p in apples] == ["2.0", "1.0"]
    assert client.packages.get(emu.org, "py", first.id).name == "apple"
    copy = client.packages.copy(emu.org, "py", first.id, to="mirror")
    assert (last(emu).method, last(emu).path, last(emu).query) == (
        "POST", f"{REGISTRIES}/py/packages/{first.id}/copy", [("to", "mirror")])  # fmt: skip
    assert copy.registry is not None and copy.registry.slug == "mirror" and copy.id != first.id
    with pytest.raises(pybuildkite.UnprocessableEntityError, match="to is required"):
        client.packages.copy(emu.org, "py", first.id, to="x", extra_query={"to": ""})
    emu.clear_requests()
    with pytest.raises(ValueError, match="to"):
        client.packages.copy(emu.org, "py", first.id, to="")
    assert emu.requests == []
    assert client.packages.delete(emu.org, "py", first.id) is None
    assert (last(emu).method, last(emu).status) == ("DELETE", 200)
    with pytest.raises(pybuildkite.NotFoundError):
        client.packages.get(emu.org, "py", first.id)


def test_presigned_upload(client: pybuildkite.Client, emu: Emulator) -> None:
    _registry(client, emu)
    upload = client.packages.request_presigned_upload(emu.org, "py")
    assert (last(emu).method, last(emu).path) == ("POST", f"{REGISTRIES}/py/packages/upload")
    assert isinstance(upload, PresignedUpload) and upload.form is not None
    assert upload.form.file_input == "file" and upload.form.data is not None
    assert "${filename}" in upload.form.data["key"]


def test_registry_tokens(client: pybuildkite.Client, emu: Emulator) -> None:
    _registry(client, emu)
    tokens = client.registry_tokens
    made = tokens.create(emu.org, "py", description="CI")
    assert (last(emu).method, last(emu).json, last(emu).status) == (
        "POST",
        {"description": "CI"},
        200,
    )
    assert isinstance(made, RegistryToken)
    renamed = tokens.update(emu.org, "py", made.id, description="Deploys")
    assert (last(emu).method, last(emu).path) == ("POST", f"{REGISTRIES}/py/tokens/{made.id}")
    assert renamed.description == "Deploys"
    assert [t.description for t in tokens.list(emu.org, "py")] == ["Deploys"]
    assert tokens.get(emu.org, "py", made.id).id == made.id
    assert tokens.delete(emu.org, "py", made.id) is None
    assert tokens.list(emu.org, "py").to_list() == []
