"""A local stand-in for Airbyte's public API (`POST /v1/jobs`, `POST /v1/applications/token`) on 127.0.0.1, port 0.

Every request body and every response body it sends is validated against Airbyte's own published schemas, vendored
in `airbyte-public-api.excerpt.json` (described in jira_octopus_sample_api/api_specs/README.md): a request that does not match gets 400
and is recorded as a violation, so a test can assert there were none. `busy_answers` makes the next job requests
answer 409 `try-again-later` ("A sync is already running for: <id>"), as the platform does while a sync runs.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SPEC_FILE = Path(__file__).parent / "airbyte-public-api.excerpt.json"
_URN = "urn:airbyte-public-api"


def _validator(schema_name: str) -> Draft202012Validator:
    document = json.loads(SPEC_FILE.read_text())
    registry = Registry().with_resource(_URN, Resource.from_contents(document, default_specification=DRAFT202012))
    return Draft202012Validator({"$ref": f"{_URN}#/components/schemas/{schema_name}"}, registry=registry)


@dataclass
class JobRequest:
    received_at: float  # time.perf_counter() when the request arrived
    received_wall: float  # time.time()
    body: Any
    status: int
    authorization: str


@dataclass
class AirbyteApiStandIn:
    client_id: str = "0da998a2-0d7b-49c7-bb6e-9f7eb9cc68a0"
    client_secret: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    access_token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    busy_answers: int = 0
    jobs: list[JobRequest] = field(default_factory=list)
    token_requests: int = 0
    violations: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._issued = {self.access_token}
        self._next_job = 1000
        self._validators = {
            name: _validator(name)
            for name in (
                "JobCreateRequest",
                "JobResponse",
                "ApplicationTokenRequestWithGrant",
                "PublicAccessTokenResponse",
                "TryAgainLaterConflictProblemResponse",
            )
        }
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"

    def __enter__(self) -> AirbyteApiStandIn:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def accepted_jobs(self) -> list[JobRequest]:
        with self._lock:
            return [job for job in self.jobs if job.status == 200]

    # ---- the API ---------------------------------------------------------------------------------------------
    def answer(self, method: str, path: str, headers: dict[str, str], raw: bytes) -> tuple[int, Any]:
        arrived, wall = time.perf_counter(), time.time()
        try:
            body = json.loads(raw or b"null")
        except ValueError:
            body = None
        if (method, path) == ("POST", "/v1/applications/token"):
            return self._token(body)
        if (method, path) == ("POST", "/v1/jobs"):
            return self._job(body, headers.get("authorization", ""), arrived, wall)
        return 404, _problem(404, "resource-not-found", f"{method} {path} is not an operation of the vendored excerpt")

    def _token(self, body: Any) -> tuple[int, Any]:
        with self._lock:
            self.token_requests += 1
        problems = self._check("ApplicationTokenRequestWithGrant", body, "request")
        if problems:
            return 400, _problem(400, "bad-request", problems[0])
        if (body.get("client_id"), body.get("client_secret")) != (self.client_id, self.client_secret):
            return 403, _problem(403, "forbidden", "Invalid client credentials")
        token = secrets.token_urlsafe(24)
        with self._lock:
            self._issued.add(token)
        return 200, self._sent(
            "PublicAccessTokenResponse", {"access_token": token, "token_type": "Bearer", "expires_in": 180}
        )

    def _job(self, body: Any, authorization: str, arrived: float, wall: float) -> tuple[int, Any]:
        token = authorization.removeprefix("Bearer ")
        problems = self._check("JobCreateRequest", body, "request")
        if not problems and not _is_uuid(body.get("connectionId")):
            problems = [f"connectionId {body.get('connectionId')!r} is not a UUID"]
        with self._lock:
            if not authorization.startswith("Bearer ") or token not in self._issued:
                status, answer = 401, _problem(401, "unauthorized", "Invalid or missing bearer token")
            elif problems:
                status, answer = 400, _problem(400, "bad-request", problems[0])
            elif self.busy_answers > 0:
                self.busy_answers -= 1
                message = f"A sync is already running for: {body['connectionId']}"
                answer = {
                    **_problem(
                        409, "https://reference.airbyte.com/reference/errors#try-again-later", "try-again-later"
                    ),
                    "detail": message,
                    "data": {"message": message},
                }
                status, answer = 409, answer
            else:
                self._next_job += 1
                answer = {
                    "jobId": self._next_job,
                    "status": "running",
                    "jobType": "sync",
                    "startTime": "2026-11-23T12:00:00Z",
                    "connectionId": body["connectionId"],
                }
                status = 200
            self.jobs.append(JobRequest(arrived, wall, body, status, "Bearer" if token else ""))
        name = {200: "JobResponse", 409: "TryAgainLaterConflictProblemResponse"}.get(status)
        return status, self._sent(name, answer) if name else answer

    def _check(self, schema: str, value: Any, what: str) -> list[str]:
        problems = [
            f"{what} does not match {schema}: {error.message}" for error in self._validators[schema].iter_errors(value)
        ]
        with self._lock:
            self.violations += problems if what == "response" else []
        return problems

    def _sent(self, schema: str, value: Any) -> Any:
        self._check(schema, value, "response")
        return value


def _problem(status: int, kind: str, detail: str) -> dict[str, Any]:
    return {"status": status, "type": kind, "title": kind.rsplit("#", 1)[-1], "detail": detail}


def _is_uuid(value: Any) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def _handler(api: AirbyteApiStandIn) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:  # noqa: N802 - http.server naming
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            status, body = api.answer(
                self.command, self.path.split("?")[0], {k.lower(): v for k, v in self.headers.items()}, raw
            )
            payload = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json" if status < 400 else "application/problem+json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_PUT = do_DELETE = do_POST

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - signature of the base class
            return

    return Handler
