"""The reporting feed `GET /api/{spaceId}/reporting/deployments/xml`: one XML document, no paging.

    <Deployments>
      <Deployment>
        <DeploymentId>Deployments-1</DeploymentId><ProjectName>Orders</ProjectName><TenantId />
        <TaskState>Success</TaskState><CompletedTime>2025-05-30T10:20:30</CompletedTime>
        <DurationSeconds>42</DurationSeconds> ...
      </Deployment>
    </Deployments>

Parsed with expat and nothing else: a document with a DOCTYPE (the only place entities can be declared) is
refused, so no entity is ever expanded ("billion laughs") and nothing external is fetched; defusedxml is not in
the locks. Times carry no offset in the feed (Octopus' own Grafana data source reads them as UTC): they become
RFC 3339 UTC here.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from xml.parsers import expat

import requests
from airbyte_cdk.models import FailureType
from airbyte_cdk.utils.traced_exception import AirbyteTracedException

from source_jira_octopus.http.responses import MalformedResponseError, body_excerpt, describe_request
from source_jira_octopus.http.transport import ServiceHttpClient

ROOT, RECORD = "Deployments", "Deployment"
TIME_FIELDS = ("Created", "QueueTime", "StartTime", "CompletedTime")
NUMBER_FIELDS = ("DurationSeconds",)
_PARSED_ATTRIBUTE = "_source_jira_octopus_xml"


class UnsafeXmlError(MalformedResponseError):
    """The document declares a DTD: refused before any entity could be expanded."""


def parse_deployments(content: bytes) -> list[dict[str, str | None]]:
    """`<Deployments><Deployment><Field>text</Field>...` -> one dict per deployment (an empty element is None)."""
    records: list[dict[str, str | None]] = []
    path: list[str] = []
    text: list[str] = []
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def refuse(*_: Any) -> None:
        raise UnsafeXmlError("the reporting feed declares a DOCTYPE; DTDs and entities are refused")

    def start(name: str, _attributes: Any) -> None:
        if not path and name != ROOT:
            raise MalformedResponseError(f"expected a <{ROOT}> document, got <{name}>")
        path.append(name)
        if len(path) == 2 and name == RECORD:
            records.append({})
        text.clear()

    def end(name: str) -> None:
        if len(path) == 3 and path[1] == RECORD:
            value = "".join(text).strip()
            records[-1][name] = value or None
        path.pop()
        text.clear()

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text.append
    try:
        parser.Parse(content, True)
    except expat.ExpatError as error:
        raise MalformedResponseError(f"the reporting feed is not well-formed XML ({error})") from None
    return records


def deployment_row(raw: Mapping[str, str | None]) -> dict[str, Any]:
    """Times as RFC 3339 UTC, DurationSeconds as a number; every other value as the feed wrote it."""
    row: dict[str, Any] = dict(raw)
    for name in TIME_FIELDS:
        row[name] = _utc(raw.get(name))
    for name in NUMBER_FIELDS:
        value = raw.get(name)
        row[name] = int(value) if value is not None and value.lstrip("-").isdigit() else value
    return row


def _utc(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value  # kept as sent; the stream reports the shape once
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC).isoformat(timespec="milliseconds")


def reporting_records(response: requests.Response) -> list[dict[str, str | None]]:
    """Parse a response once (the client checks it, the stream reads it)."""
    cached = getattr(response, _PARSED_ATTRIBUTE, None)
    if cached is None:
        cached = parse_deployments(response.content)
        setattr(response, _PARSED_ATTRIBUTE, cached)
    return list(cached)


class ReportingHttpClient(ServiceHttpClient):
    """The shared client, except that a 2xx body must be the feed's XML instead of JSON."""

    def _require_json(self, response: requests.Response) -> None:
        try:
            reporting_records(response)
        except MalformedResponseError as error:
            message = (
                f"{self.service}: {describe_request(response.request)} returned HTTP {response.status_code} with "
                f"{error} (Content-Type {response.headers.get('Content-Type', 'missing')!r}): "
                f"{body_excerpt(response)!r}. Check `octopus.server_url`: it must reach the Octopus API itself."
            )
            raise AirbyteTracedException(
                message=message, internal_message=str(error), failure_type=FailureType.config_error
            ) from error


class OctopusReportingPaginator:
    """The feed is one document: the first request is the only one (its window comes from the slice)."""

    def first_page(self, page_size: int) -> dict[str, Any]:
        return {}

    def next_page(self, response: requests.Response) -> dict[str, Any] | None:
        return None

    def records(self, body: Any) -> list[Mapping[str, Any]]:
        return list(parse_deployments(body if isinstance(body, bytes) else b""))
