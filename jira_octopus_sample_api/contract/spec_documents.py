"""The vendored API documents, read into `Operation`s: OpenAPI 3.0 (Jira) and Swagger 2.0 (Octopus)."""

from __future__ import annotations

import gzip
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from jira_octopus_sample_api.contract.operations import JsonBodyContract, Operation

SPEC_DIRECTORY = Path(__file__).resolve().parents[1] / "api_specs"
JIRA_SPEC_FILE = "jira-cloud-platform.openapi.json.gz"
OCTOPUS_SPEC_FILE = "octopus-deploy.swagger.json.gz"

_HTTP_METHODS = frozenset({"get", "put", "post", "delete", "options", "head", "patch", "trace"})
_MAX_SCHEMA_DEPTH = 8  # longest $ref chain, and deepest allOf/oneOf/anyOf nesting, that is followed


def read_spec(file_name: str, directory: Path = SPEC_DIRECTORY) -> dict[str, Any]:
    """One vendored document, decompressed and parsed (Jira's 2.4 MB takes under 0.1 s)."""
    return json.loads(gzip.decompress((directory / file_name).read_bytes()))


def is_json_media_type(media_type: str) -> bool:
    """`application/json`, `application/*+json` and `*/*` (the Jira document uses the last for JSON bodies)."""
    essence = media_type.split(";", 1)[0].strip().lower()
    return essence in ("application/json", "*/*") or essence.endswith("+json")


class SpecDocument:
    """One parsed document; `operations()` lists every documented method with its query names and JSON body."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        self._document = document
        self._is_swagger2 = "swagger" in document
        self._query_security_names = self._security_query_names()

    def operations(self) -> list[Operation]:
        found = []
        for template, path_item in self._document.get("paths", {}).items():
            path_item = self.resolve(path_item)
            shared_parameters = path_item.get("parameters", [])
            for method, raw in path_item.items():
                if method in _HTTP_METHODS:
                    found.append(self._operation(method.upper(), template, raw, shared_parameters))
        return found

    def resolve(self, node: Any) -> Any:
        """Follows local `$ref` pointers (`#/components/schemas/X`, `#/definitions/X`) to the node they name."""
        for _ in range(_MAX_SCHEMA_DEPTH + 1):
            if not isinstance(node, Mapping) or "$ref" not in node:
                return node
            node = self._pointer_target(node["$ref"])
        raise ValueError(f"$ref chain longer than {_MAX_SCHEMA_DEPTH} links")

    def _pointer_target(self, pointer: str) -> Any:
        if not pointer.startswith("#/"):
            raise ValueError(f"only local $ref pointers are supported, got {pointer!r}")
        node: Any = self._document
        for key in pointer[2:].split("/"):
            node = node[key.replace("~1", "/").replace("~0", "~")]
        return node

    def _operation(self, method: str, template: str, raw: Mapping[str, Any], shared: list[Any]) -> Operation:
        parameters = [self.resolve(parameter) for parameter in [*shared, *raw.get("parameters", [])]]
        query_names = {parameter["name"] for parameter in parameters if parameter.get("in") == "query"}
        query_names |= self._operation_security_query_names(raw)
        body = self._swagger2_json_body(parameters) if self._is_swagger2 else self._openapi3_json_body(raw)
        return Operation(method, template, frozenset(query_names), body)

    def _openapi3_json_body(self, raw: Mapping[str, Any]) -> JsonBodyContract | None:
        request_body = self.resolve(raw.get("requestBody"))
        if not request_body:
            return None
        schemas = [
            entry.get("schema", {})
            for media, entry in request_body.get("content", {}).items()
            if is_json_media_type(media)
        ]
        if not schemas:
            return None
        return JsonBodyContract(self._property_names_of_any(schemas), bool(request_body.get("required")))

    def _swagger2_json_body(self, parameters: list[Mapping[str, Any]]) -> JsonBodyContract | None:
        """Swagger 2.0 has one `in: body` parameter; the Octopus document has no `consumes` or formData: JSON only."""
        bodies = [parameter for parameter in parameters if parameter.get("in") == "body"]
        if not bodies:
            return None
        body = bodies[0]
        return JsonBodyContract(self._property_names_of_any([body.get("schema", {})]), bool(body.get("required")))

    def _property_names_of_any(self, schemas: list[Any]) -> frozenset[str] | None:
        names: set[str] = set()
        for schema in schemas:
            self._collect_property_names(schema, names, depth=0)
        return frozenset(names) or None

    def _collect_property_names(self, schema: Any, names: set[str], depth: int) -> None:
        """Top-level `properties`, including those of allOf parts and of every oneOf/anyOf alternative."""
        schema = self.resolve(schema)
        if depth > _MAX_SCHEMA_DEPTH or not isinstance(schema, Mapping):
            return
        names.update(schema.get("properties", {}))
        for keyword in ("allOf", "oneOf", "anyOf"):
            for part in schema.get(keyword, []):
                self._collect_property_names(part, names, depth + 1)

    def _security_query_names(self) -> dict[str, str]:
        """Scheme name -> query parameter name for `apiKey` schemes sent in the query (Octopus `APIKeyQuery`)."""
        if self._is_swagger2:
            schemes = self._document.get("securityDefinitions", {})
        else:
            schemes = self._document.get("components", {}).get("securitySchemes", {})
        return {
            name: scheme["name"]
            for name, scheme in schemes.items()
            if scheme.get("type") == "apiKey" and scheme.get("in") == "query"
        }

    def _operation_security_query_names(self, raw: Mapping[str, Any]) -> set[str]:
        requirements = raw.get("security", self._document.get("security", []))
        return {
            self._query_security_names[scheme]
            for requirement in requirements
            for scheme in requirement
            if scheme in self._query_security_names
        }
