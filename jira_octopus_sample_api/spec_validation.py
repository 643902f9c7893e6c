"""JSON-Schema validators built from the vendors' API documents, to check the fake's responses.

Specs are the repository's vendored gzip copies in ``jira_octopus_sample_api/api_specs`` (see its README): the Jira
Cloud platform OpenAPI 3.0.1 document and the Octopus 2020.5 Swagger 2.0 document. Spec quirks relaxed on purpose:

- Jira ``Project`` declares no ``projectKeys`` although ``expand=projectKeys`` is documented to add it: added.
- Jira ``User`` has no ``deleted`` (a Data Center field, Cloud spec only): added, for DC user lists.
- Octopus ``GET /api/users/me`` declares no 200 schema: validated as ``UserResource``.
- Octopus ``AccountResource`` / ``FeedResource`` declare only the base class: the account and feed types' own
  fields are added (``octopus_subtypes``).
- ``format`` is not asserted: Jira's own timestamps (``2024-01-15T10:20:30.123+0000``) are not RFC 3339.
Stricter than the spec: Octopus object schemas that list properties are closed (``additionalProperties:
false``), so a misspelt or invented field fails, as it already does for most Jira schemas.
"""

from __future__ import annotations

import gzip
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from jsonschema import Draft4Validator
from referencing import Registry
from referencing.jsonschema import DRAFT4

from jira_octopus_sample_api.octopus.kinds.subtypes import add_type_properties

SPECS_DIR = Path(__file__).resolve().parent / "api_specs"
JIRA_SPEC = "jira-cloud-platform.openapi.json.gz"
OCTOPUS_SPEC = "octopus-deploy.swagger.json.gz"
_JIRA_URN, _OCTOPUS_URN = "urn:fake-api:jira-spec", "urn:fake-api:octopus-spec"


def _read(file_name: str) -> dict[str, Any]:
    return json.loads(gzip.decompress((SPECS_DIR / file_name).read_bytes()))


def _pointer(*parts: str) -> str:
    return "/".join(part.replace("~", "~0").replace("/", "~1") for part in parts)


@lru_cache(maxsize=1)
def _jira_registry() -> Registry:
    spec = _read(JIRA_SPEC)
    schemas = spec["components"]["schemas"]
    schemas["Project"]["properties"]["projectKeys"] = {"type": "array", "items": {"type": "string"}}
    schemas["User"]["properties"]["deleted"] = {"type": "boolean"}
    return Registry().with_resource(_JIRA_URN, DRAFT4.create_resource(spec))


@lru_cache(maxsize=1)
def _octopus_registry() -> Registry:
    spec = _read(OCTOPUS_SPEC)
    add_type_properties(spec["definitions"])
    spec["definitions"] = {name: _closed(schema) for name, schema in spec["definitions"].items()}
    me = spec["paths"]["/api/users/me"]["get"]["responses"]["200"]
    me["schema"] = {"$ref": "#/definitions/UserResource"}
    return Registry().with_resource(_OCTOPUS_URN, DRAFT4.create_resource(spec))


def _closed(schema: Any) -> Any:
    """Copy of a schema where every object that lists ``properties`` forbids undeclared ones."""
    if isinstance(schema, list):
        return [_closed(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    result = {key: _closed(value) for key, value in schema.items()}
    if "properties" in schema and "additionalProperties" not in schema:
        result["properties"] = {name: _closed(value) for name, value in schema["properties"].items()}
        result["additionalProperties"] = False
    return result


def jira_response_validator(path: str, method: str = "get", status: str = "200") -> Draft4Validator:
    """Validator for the JSON body of a Jira operation, e.g. ``("/rest/api/3/project/search")``."""
    ref = (
        f"{_JIRA_URN}#/{_pointer('paths', path, method, 'responses', status, 'content', 'application/json', 'schema')}"
    )
    return Draft4Validator({"$ref": ref}, registry=_jira_registry())


def jira_schema_validator(component: str) -> Draft4Validator:
    """Validator for one Jira component schema, e.g. ``"User"``."""
    return Draft4Validator({"$ref": f"{_JIRA_URN}#/components/schemas/{component}"}, registry=_jira_registry())


def octopus_response_validator(path: str, method: str = "get", status: str = "200") -> Draft4Validator:
    """Validator for the JSON body of an Octopus operation, e.g. ``("/api/{baseSpaceId}/projects")``."""
    ref = f"{_OCTOPUS_URN}#/{_pointer('paths', path, method, 'responses', status, 'schema')}"
    return Draft4Validator({"$ref": ref}, registry=_octopus_registry())


def schema_errors(validator: Draft4Validator, instance: Any, limit: int = 5) -> list[str]:
    """Readable validation errors (path: message), at most ``limit``."""
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))[:limit]
    return [f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message[:300]}" for e in errors]
