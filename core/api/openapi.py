"""The OpenAPI 3.0 document of ``/api/v1``, generated from the registered resources.

``GET /api/v1/openapi.json`` describes every :class:`~core.api.resource.ModelResource`
of core and of the installed plugins: list (paging and filters), get,
create, update and delete where registered, request and response bodies
from their marshmallow schemas, the bearer token, and the 401, 403, 404,
409 and 422 answers. A small generator rather than apispec: the mapping
below is all the project's schemas need.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from flask import Blueprint, current_app, jsonify
from marshmallow import Schema, fields, validate

from core.api.paging import DEFAULT_PER_PAGE, FILTER_TYPES, MAX_PER_PAGE

#: JSON Schema of each marshmallow field class; the first match in the MRO wins.
FIELD_TYPES: list[tuple[type[fields.Field], dict[str, Any]]] = [
    (fields.Boolean, {"type": "boolean"}),
    (fields.Integer, {"type": "integer"}),
    (fields.Decimal, {"type": "string", "format": "decimal"}),
    (fields.Number, {"type": "number"}),
    (fields.DateTime, {"type": "string", "format": "date-time"}),
    (fields.Date, {"type": "string", "format": "date"}),
    (fields.Email, {"type": "string", "format": "email"}),
    (fields.String, {"type": "string"}),
    (fields.Dict, {"type": "object"}),
]

ERRORS = {
    "Unauthorized": ("缺少或无效的 API 令牌", 401),
    "Forbidden": ("无权执行：只读账号、缺少权限或超出管辖范围", 403),
    "NotFound": ("记录不存在或不在您的管辖范围内", 404),
    "Conflict": ("记录已被他人修改（version_id 过期）或仍被引用", 409),
    "Unprocessable": ("数据校验失败：errors 按字段列出中文说明", 422),
}


class _Components:
    """The schemas referenced so far, by unique component name."""

    def __init__(self) -> None:
        self.schemas: dict[str, dict[str, Any]] = {}
        self._names: dict[type[Schema], str] = {}

    def ref(self, schema: type[Schema] | Schema) -> dict[str, str]:
        """A ``$ref`` to ``schema``'s component, generating it the first time."""
        cls = schema if isinstance(schema, type) else type(schema)
        if cls not in self._names:
            base = cls.__name__.removesuffix("Schema") or cls.__name__
            name, n = base, 2
            while name in self.schemas:
                name, n = f"{base}{n}", n + 1
            self._names[cls] = name
            self.schemas[name] = {}  # reserved first: schemas may nest themselves
            self.schemas[name] = self.object_of(cls())
        return {"$ref": f"#/components/schemas/{self._names[cls]}"}

    def object_of(self, schema: Schema) -> dict[str, Any]:
        """The JSON Schema object of a marshmallow schema instance."""
        properties = {
            field.data_key or name: self.field(field) for name, field in schema.fields.items()
        }
        required = [
            field.data_key or name
            for name, field in schema.fields.items()
            if field.required and not field.dump_only
        ]
        result: dict[str, Any] = {"type": "object", "properties": properties}
        if required:
            result["required"] = required
        doc = (type(schema).__doc__ or "").strip().splitlines()
        if doc:
            result["description"] = doc[0]
        return result

    def field(self, field: fields.Field) -> dict[str, Any]:
        """The JSON Schema of one field."""
        if isinstance(field, fields.Nested):
            target = self.ref(field.schema)
            result: dict[str, Any] = (
                {"type": "array", "items": target} if field.many else {"allOf": [target]}
            )
        elif isinstance(field, fields.List):
            result = {"type": "array", "items": self.field(field.inner)}
        else:
            result = next((dict(shape) for cls, shape in FIELD_TYPES if isinstance(field, cls)), {})
            if "type" in field.metadata:
                result["type"] = field.metadata["type"]
        _constraints(field, result)
        if list(result) == ["allOf"]:
            return dict(result["allOf"][0])  # a bare reference needs no wrapper
        return result


def _constraints(field: fields.Field, result: dict[str, Any]) -> None:
    meta = field.metadata
    if meta.get("description"):
        result["description"] = str(meta["description"])
    if "enum" in meta:
        result["enum"] = list(meta["enum"])
    if "x-kinds" in meta:
        from core.kinds import registered

        # Kinds come from core and the installed plugins, so they are read per app.
        result["enum"] = [kind.code for kind in registered(meta["x-kinds"])]
    for validator in _validators(field):
        if isinstance(validator, validate.OneOf):
            result["enum"] = list(validator.choices)
        elif isinstance(validator, validate.Length):
            if validator.min is not None and validator.min > 0:
                result["minLength"] = validator.min
            if validator.max is not None:
                result["maxLength"] = validator.max
            if validator.equal is not None:
                result["minLength"] = result["maxLength"] = validator.equal
        elif isinstance(validator, validate.Range):
            if validator.min is not None:
                result["minimum"] = validator.min
            if validator.max is not None:
                result["maximum"] = validator.max
    if field.dump_only:
        result["readOnly"] = True
    if field.load_only:
        result["writeOnly"] = True
    if field.allow_none:
        result["nullable"] = True
    default = field.load_default
    if isinstance(default, (bool, int, float, str)):
        result["default"] = default


def _validators(field: fields.Field) -> list[Any]:
    return list(getattr(field, "validators", []) or [])


def _error(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/responses/{name}"}


def _body(ref: dict[str, Any]) -> dict[str, Any]:
    return {"required": True, "content": {"application/json": {"schema": ref}}}


def _json(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _patch_schema(whole: dict[str, Any]) -> dict[str, Any]:
    """The PATCH body: any field of the record, with the ``version_id`` read (decision 6)."""
    patch = {key: value for key, value in whole.items() if key != "required"}
    if "version_id" in whole.get("properties", {}):
        patch["required"] = ["version_id"]
    patch["description"] = "只需列出要修改的字段，另须带上读取时的 version_id"
    return patch


def _paths_of(resource: Any, components: _Components) -> dict[str, dict[str, Any]]:
    name, tag = resource.name, resource.name
    # operationIds are identifiers for code generators: "jiayuguan/payroll" → "jiayuguan_payroll".
    op = re.sub(r"[^A-Za-z0-9_]", "_", name)
    ref = components.ref(resource.schema)
    schema_name = ref["$ref"].rsplit("/", 1)[1]
    summary = resource.summary
    parameters = [
        {"$ref": "#/components/parameters/page"},
        {"$ref": "#/components/parameters/per_page"},
    ] + [
        {
            "name": spec.name,
            "in": "query",
            "required": False,
            "description": spec.description,
            "schema": dict(FILTER_TYPES[spec.kind]),
        }
        for spec in resource.filters
    ]
    page = {
        "type": "object",
        "required": ["items", "page", "per_page", "total"],
        "properties": {
            "items": {"type": "array", "items": ref},
            "page": {"type": "integer"},
            "per_page": {"type": "integer"},
            "total": {"type": "integer"},
            # A resource whose list answers more than a page says so (e.g. a payroll's totals).
            **getattr(resource, "list_extra_properties", {}),
        },
    }
    collection: dict[str, Any] = {
        "get": {
            "tags": [tag],
            "summary": f"{summary}：列表",
            "operationId": f"{op}_list",
            "parameters": parameters,
            "responses": {
                "200": _json("一页记录", page),
                "401": _error("Unauthorized"),
                "422": _error("Unprocessable"),
            },
        }
    }
    one_id = [{"$ref": "#/components/parameters/id"}]
    item: dict[str, Any] = {
        "get": {
            "tags": [tag],
            "summary": f"{summary}：单条",
            "operationId": f"{op}_get",
            "parameters": one_id,
            "responses": {
                "200": _json("记录", ref),
                "401": _error("Unauthorized"),
                "404": _error("NotFound"),
            },
        }
    }
    writes = {"401": _error("Unauthorized"), "403": _error("Forbidden")}
    if not resource.read_only:
        collection["post"] = {
            "tags": [tag],
            "summary": f"{summary}：新建",
            "operationId": f"{op}_create",
            "requestBody": _body(ref),
            "responses": {
                "201": _json("新建的记录", ref),
                **writes,
                "409": _error("Conflict"),
                "422": _error("Unprocessable"),
            },
        }
        patch_name = f"{schema_name}Patch"
        components.schemas[patch_name] = _patch_schema(components.schemas[schema_name])
        item["patch"] = {
            "tags": [tag],
            "summary": f"{summary}：修改",
            "operationId": f"{op}_update",
            "parameters": one_id,
            "requestBody": _body({"$ref": f"#/components/schemas/{patch_name}"}),
            "responses": {
                "200": _json("修改后的记录", ref),
                **writes,
                "404": _error("NotFound"),
                "409": _error("Conflict"),
                "422": _error("Unprocessable"),
            },
        }
    if resource.allow_delete:
        item["delete"] = {
            "tags": [tag],
            "summary": f"{summary}：删除",
            "operationId": f"{op}_delete",
            "parameters": one_id,
            "responses": {
                "204": {"description": "已删除"},
                **writes,
                "404": _error("NotFound"),
                "409": _error("Conflict"),
            },
        }
    return {f"/{name}": collection, f"/{name}/{{id}}": item}


def build_document(
    resources: Iterable[Any], extra_paths: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The OpenAPI 3.0.3 document of ``resources`` (core's and the installed plugins').

    ``extra_paths`` are hand-written path items a blueprint contributes as
    ``juwei_openapi_paths`` (routes that are not ModelResources).
    """
    components = _Components()
    paths: dict[str, Any] = {
        "/me": {
            "get": {
                "tags": ["me"],
                "summary": "令牌所属用户及其管辖范围",
                "operationId": "me",
                "responses": {"200": {"description": "用户名、角色、单位代码"}},
            }
        },
        "/openapi.json": {
            "get": {
                "tags": ["me"],
                "summary": "本文档",
                "operationId": "openapi",
                "responses": {"200": {"description": "OpenAPI 3.0 文档"}},
            }
        },
    }
    for resource in resources:
        paths.update(_paths_of(resource, components))
    paths.update(extra_paths or {})
    error_schema = {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {"type": "string", "description": "中文说明"},
            "errors": {
                "type": "object",
                "description": "按字段（整体问题为 _schema）列出的中文说明",
                "additionalProperties": {},
            },
        },
    }
    components.schemas["Error"] = error_schema
    error_ref = {"$ref": "#/components/schemas/Error"}
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "居委会管理系统 API",
            "version": "1",
            "description": (
                "每个请求须带 Authorization: Bearer <令牌>（juwei users token 用户名）。"
                "数据范围与界面相同：只能看到和修改本辖区的记录，越界记录一律 404。"
            ),
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}],
        "paths": paths,
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": components.schemas,
            "parameters": {
                "id": {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}},
                "page": {
                    "name": "page",
                    "in": "query",
                    "schema": {"type": "integer", "minimum": 1, "default": 1},
                },
                "per_page": {
                    "name": "per_page",
                    "in": "query",
                    "schema": {
                        "type": "integer",
                        "minimum": 1,
                        "maximum": MAX_PER_PAGE,
                        "default": DEFAULT_PER_PAGE,
                    },
                },
            },
            "responses": {
                name: _json(f"{code} {text}", error_ref) for name, (text, code) in ERRORS.items()
            },
        },
    }


def register(blueprint: Blueprint) -> None:
    """Serve the document at ``/openapi.json`` of ``blueprint`` (mounted under ``/api/v1``)."""

    def openapi_document() -> Any:
        """GET /openapi.json: this API's OpenAPI 3.0 document."""
        state = current_app.extensions["juwei"]
        return jsonify(build_document(state.api_resources, state.api_paths))

    blueprint.add_url_rule("/openapi.json", "openapi", openapi_document, methods=["GET"])
