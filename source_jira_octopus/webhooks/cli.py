"""`source-jira-octopus webhooks register|list|unregister|serve --config CONFIG` (the Airbyte protocol commands of
the same console script are untouched: run.py hands `webhooks ...` here before the CDK sees the arguments).

Exit codes: 0 done; 1 a config, permission or API error (one line on stderr naming what to fix); 2 bad arguments.
Tables go to stdout; logs are JSON lines on stderr.
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from pathlib import Path
from typing import Any

from airbyte_cdk.models import FailureType
from airbyte_cdk.utils.airbyte_secrets_utils import filter_secrets
from airbyte_cdk.utils.traced_exception import AirbyteTracedException

from source_jira_octopus.input_files import load_config
from source_jira_octopus.spec_validation import validate_config
from source_jira_octopus.webhooks.changes import table
from source_jira_octopus.webhooks.logs import mask_secrets_of, structured_logger
from source_jira_octopus.webhooks.registration import Registration

SPEC_FILE = Path(__file__).resolve().parents[1] / "spec.json"  # not `import source_jira_octopus`: that is the source


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="source-jira-octopus webhooks", description=__doc__.split("\n\n")[0])
    commands = top.add_subparsers(dest="command", required=True)
    register = commands.add_parser("register", help="create or update our webhooks and subscriptions (idempotent)")
    register.add_argument(
        "--force", action="store_true", help="update ours even when nothing looks stale (e.g. a new secret)"
    )
    commands.add_parser("list", help="print every webhook and subscription the credentials can see")
    commands.add_parser("unregister", help="delete ours (named <prefix>-source-jira-octopus or with our target URL)")
    run = commands.add_parser("serve", help="receive deliveries and trigger one incremental sync per debounce window")
    run.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1; 0.0.0.0 for all)")
    run.add_argument("--port", type=int, default=8080, help="port (default 8080; 0 picks a free one)")
    run.add_argument("--port-file", help="write the port listened on to this file once ready")
    run.add_argument(
        "--max-body-bytes", type=int, default=1024 * 1024, help="larger deliveries get 413 (default 1 MiB)"
    )
    run.add_argument("--replay-window", type=float, default=3600.0, help="seconds (default 3600)")
    run.add_argument("--conflict-wait", type=float, default=15.0, help="first pause after Airbyte's 409 (seconds)")
    run.add_argument("--main-job-command", help="replaces `python -m source_jira_octopus.warehouse --config`")
    for command in commands.choices.values():
        command.add_argument("--config", required=True, help="the connector config (JSON)")
    return top


def main(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    logger = structured_logger()
    try:
        raw = load_config(args.config)
        spec = json.loads(SPEC_FILE.read_text())["connectionSpecification"]
        mask_secrets_of(spec, raw)
        validate_config(raw, spec)
        if args.command == "serve":
            return _serve(raw, args, logger)
        registration = Registration(raw, logger, args.config)
        changes = {"register": lambda: registration.register(args.force), "unregister": registration.unregister}.get(
            args.command, registration.listed
        )()
        print(table(changes) if changes else "No webhooks or subscriptions.")
        return 0
    except AirbyteTracedException as error:
        print(filter_secrets(f"ERROR: {error.message or error}"), file=sys.stderr)
        return 1


def _serve(raw: Any, args: Any, logger: Any) -> int:
    try:  # the `webhooks` extra; register/list/unregister work without it
        from source_jira_octopus.webhooks.serve import ServeOptions, serve
    except ImportError as missing:
        raise AirbyteTracedException(
            message=f"`webhooks serve` needs {missing.name}: pip install 'source-jira-octopus[webhooks]'.",
            failure_type=FailureType.config_error,
        ) from None
    options = ServeOptions(
        host=args.host,
        port=args.port,
        port_file=args.port_file,
        max_body_bytes=args.max_body_bytes,
        replay_window=args.replay_window,
        conflict_wait=args.conflict_wait,
        main_job_command=shlex.split(args.main_job_command) if args.main_job_command else None,
    )
    return serve(raw, args.config, options, logger)
