"""Config validation against spec.json whose errors name the field, as parse_config's do.

The CDK validates the config against the spec before `check`, `discover` and `read`, and reports the first
jsonschema message as is (`Config validation error: 1000 is greater than the maximum of 100`: no field, no valid
value). run.py plugs this in instead: same schema, same rules, a message in config_error's house style naming
the JSON path (`jira.page_size`), the bad value unless the field is a secret, and a valid example.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping, Optional

from jsonschema import Draft7Validator, ValidationError
from jsonschema.exceptions import relevance

from source_jira_octopus.config import config_error

AUTH_SELECTOR = "auth_type"
_TYPE_NAMES = {"integer": "a whole number", "number": "a number", "string": "text", "boolean": "true or false",
               "array": "a list", "object": "a JSON object"}


def validate_config(config: Mapping[str, Any], spec_schema: Mapping[str, Any]) -> None:
    """Raise config_error (an AirbyteTracedException) for the most relevant spec violation, if any."""
    errors = sorted(Draft7Validator(spec_schema).iter_errors(config), key=relevance)
    if errors:
        raise describe(errors[0])


def describe(error: ValidationError) -> Exception:
    error = _chosen_option_error(error)
    path = _path(error.absolute_path) or "config"
    schema: Mapping[str, Any] = error.schema if isinstance(error.schema, Mapping) else {}
    if error.validator == "required":
        missing = next((name for name in error.validator_value if name not in error.instance), error.validator_value[0])
        prop = schema.get("properties", {}).get(missing, {})
        return config_error(f"{path}.{missing}" if path != "config" else missing, "is required", _hint(prop))
    if error.validator == "oneOf" and isinstance(error.instance, Mapping):
        return _unknown_option(path, schema)
    return config_error(path, _problem(error, schema), _hint(schema))


def _chosen_option_error(error: ValidationError) -> ValidationError:
    """A oneOf of auth options fails as a whole; report what is wrong inside the option the config picked."""
    while error.validator == "oneOf" and isinstance(error.instance, Mapping) and error.context:
        picked = error.instance.get(AUTH_SELECTOR)
        options = error.validator_value
        index = next((i for i, option in enumerate(options)
                      if option.get("properties", {}).get(AUTH_SELECTOR, {}).get("const") == picked), None)
        inside = sorted((e for e in error.context if e.relative_schema_path[0] == index), key=relevance)
        if index is None or not inside:
            return error
        error = inside[0]
    return error


def _unknown_option(path: str, schema: Mapping[str, Any]) -> Exception:
    consts = [option.get("properties", {}).get(AUTH_SELECTOR, {}).get("const") for option in schema.get("oneOf", [])]
    return config_error(f"{path}.{AUTH_SELECTOR}", "is missing or not a known authentication method",
                        f"Use {', '.join(str(c) for c in consts if c)}.")


def _problem(error: ValidationError, schema: Mapping[str, Any]) -> str:
    shown = _shown(error.instance, schema)
    value = error.validator_value
    problems = {
        "maximum": lambda: f"is {shown}, above the maximum of {value}",
        "minimum": lambda: f"is {shown}, below the minimum of {value}",
        "exclusiveMaximum": lambda: f"is {shown}, not below {value}",
        "exclusiveMinimum": lambda: f"is {shown}, not above {value}",
        "type": lambda: f"is {shown}, but must be {_type_name(value)}",
        "enum": lambda: f"is {shown}, not one of {', '.join(map(str, value))}",
        "const": lambda: f"is {shown}, but must be {value}",
        "pattern": lambda: f"is {shown}, not in the form {schema.get('pattern_descriptor', value)}",
        "format": lambda: f"is {shown}, not a valid {value}",
        "minLength": lambda: "is empty" if value == 1 else f"is shorter than {value} characters",
        "maxLength": lambda: f"is longer than {value} characters",
        "uniqueItems": lambda: "lists the same value twice",
        "additionalProperties": lambda: f"has unknown keys ({', '.join(sorted(_unknown_keys(error, schema)))})",
    }
    return problems.get(error.validator, lambda: "is not valid")()


def _hint(schema: Mapping[str, Any]) -> str:
    parts = []
    if "minimum" in schema or "maximum" in schema:
        kind = "a whole number" if schema.get("type") == "integer" else "a number"
        upper = f" to {schema['maximum']}" if "maximum" in schema else " up"
        parts.append(f"Use {kind} from {schema.get('minimum', 0)}{upper}.")
    elif "enum" in schema:
        parts.append(f"Use {', '.join(map(str, schema['enum']))}.")
    elif "properties" in schema and schema.get("additionalProperties") is False:
        parts.append(f"Use {', '.join(schema['properties'])}.")
    example = _example(schema)
    if example is not None:
        parts.append(f"For example {example}.")
    elif schema.get("pattern_descriptor"):
        parts.append(f"Use the form {schema['pattern_descriptor']}.")
    if "default" in schema:
        parts.append(f"The default is {_json(schema['default'])}.")
    return " ".join(parts) or "See the connector's documentation for this field."


def _example(schema: Mapping[str, Any]) -> Optional[str]:
    examples = schema.get("examples") or []
    if examples:
        return _json(examples[0])  # secrets have placeholder examples such as "<API token from id.atlassian.com>"
    items = schema.get("items", {})
    return _json([items["examples"][0]]) if isinstance(items, Mapping) and items.get("examples") else None


def _shown(instance: Any, schema: Mapping[str, Any]) -> str:
    return "a secret value (not shown)" if schema.get("airbyte_secret") else _json(instance)


def _json(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str):
        return f'"{value}"' if len(value) <= 80 else f'"{value[:77]}..."'
    if isinstance(value, (list, dict)):
        import json

        text = json.dumps(value)
        return text if len(text) <= 80 else text[:77] + "..."
    return str(value)


def _type_name(value: Any) -> str:
    names = [value] if isinstance(value, str) else list(value)
    return " or ".join(_TYPE_NAMES.get(name, name) for name in names if name != "null")


def _unknown_keys(error: ValidationError, schema: Mapping[str, Any]) -> Iterable[str]:
    known = set(schema.get("properties", {}))
    return [key for key in error.instance if key not in known] if isinstance(error.instance, Mapping) else []


def _path(parts: Iterable[Any]) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text
