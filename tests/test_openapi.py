"""The OpenAPI 3 document at /api/v1/openapi.json, generated from schemas and resources."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from tests.conftest import dispose, make_app

CORE_RESOURCES = {
    "org-units",
    "committees",
    "households",
    "people",
    "positions",
    "meetings",
    "opinions",
}


@pytest.fixture
def full(app: Flask, db_url: str, tmp_path: Path) -> Iterator[Flask]:
    """The app again, with the sample plugin installed (it registers ``sample-notes``)."""
    result = app.test_cli_runner().invoke(args=["plugins", "install", "sample_plugin"])
    assert result.exit_code == 0, result.output
    application = make_app(db_url, tmp_path)
    yield application
    dispose(application)


def _document(app: Flask) -> dict[str, Any]:
    token = app.test_cli_runner().invoke(args=["users", "token", "street_a"]).output.strip()
    response = app.test_client().get(
        "/api/v1/openapi.json", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200
    return response.get_json()  # type: ignore[no-any-return]


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def test_document_lists_every_resource_including_a_plugins(full: Flask) -> None:
    doc = _document(full)
    assert doc["openapi"].startswith("3.0")
    names = {resource.name for resource in full.extensions["juwei"].api_resources}
    assert names >= CORE_RESOURCES | {"sample-notes"}
    for name in names:
        assert "get" in doc["paths"][f"/{name}"], name
        assert "get" in doc["paths"][f"/{name}/{{id}}"], name
    notes = doc["paths"]["/sample-notes/{id}"]
    assert {"get", "patch", "delete"} <= set(notes)
    assert "SampleNote" in doc["components"]["schemas"]


def test_document_matches_the_routes_each_resource_registers(full: Flask) -> None:
    paths = _document(full)["paths"]
    assert set(paths["/committees"]) == {"get"} and set(paths["/committees/{id}"]) == {"get"}
    assert "delete" not in paths["/people/{id}"] and "patch" in paths["/people/{id}"]
    assert "delete" in paths["/meetings/{id}"] and "delete" not in paths["/org-units/{id}"]
    create = paths["/meetings"]["post"]
    assert {"201", "401", "403", "409", "422"} <= set(create["responses"])
    update = paths["/people/{id}"]["patch"]
    assert {"200", "404", "409", "422"} <= set(update["responses"])
    filters = {p.get("name") for p in paths["/positions"]["get"]["parameters"]}
    assert {"committee", "kind", "in_office_on"} <= filters
    meeting_filters = {p.get("name"): p for p in paths["/meetings"]["get"]["parameters"]}
    assert meeting_filters["held_from"]["schema"] == {"type": "string", "format": "date"}


def test_document_schemas_come_from_the_marshmallow_schemas(full: Flask) -> None:
    doc = _document(full)
    schemas = doc["components"]["schemas"]
    person = schemas["Person"]
    assert set(person["required"]) >= {"name", "sex", "birth_date", "org_unit_id"}
    props = person["properties"]
    assert props["birth_date"] == {"type": "string", "format": "date", "description": "出生日期"}
    assert props["sex"]["enum"] == ["male", "female"]
    assert props["age"]["readOnly"] is True and props["household_id"]["nullable"] is True
    meeting = schemas["Meeting"]["properties"]
    # Kinds are the app's: core's and the installed plugins'.
    assert {"residents_meeting", "hearing", "sample_meeting"} <= set(meeting["kind"]["enum"])
    assert meeting["resolutions"]["items"] == {"$ref": "#/components/schemas/Resolution"}
    assert schemas["Resolution"]["properties"]["passed"]["readOnly"] is True
    assert schemas["PersonPatch"]["required"] == ["version_id"]
    assert doc["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    assert doc["security"] == [{"bearer": []}]
    # Every reference resolves inside the document.
    for ref in set(_refs(doc)):
        section, name = ref.removeprefix("#/components/").split("/")
        assert name in doc["components"][section], ref


def test_document_needs_a_token(client: Any) -> None:
    assert client.get("/api/v1/openapi.json").status_code == 401


def test_operation_ids_are_identifiers_and_list_extras_are_described(full: Flask) -> None:
    """Plugin resources named "a/b" get operationIds "a_b_…"; a list's extra keys are documented."""
    import re

    with full.test_request_context():
        from core.api.openapi import build_document

        state = full.extensions["juwei"]
        document = build_document(state.api_resources, state.api_paths)
    ids = [
        operation["operationId"]
        for item in document["paths"].values()
        for operation in item.values()
        if isinstance(operation, dict) and "operationId" in operation
    ]
    assert ids and all(re.fullmatch(r"[A-Za-z0-9_]+", i) for i in ids), ids
    assert len(ids) == len(set(ids))
