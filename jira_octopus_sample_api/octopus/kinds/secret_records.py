"""Deterministic Octopus records that carry secrets or follow the deployments, in the 2020.5 Swagger shapes
(account and feed types add the fields of OctopusClients' `*AccountResource` / `*FeedResource` models, see
``octopus_subtypes``): library variable sets, accounts, certificates, deployment processes, interruptions and
artifacts.

Per space (largest to smallest): accounts of 7 / 3 / 1 types; certificates 2 / 1 / 0; library variable sets
``2 + round(n/100*w)``; one deployment process per project (``deploymentprocess-<project id>``, the id projects
name); an interruption for every deployment that encountered a failure; artifacts for every fourth deployment.
Every secret goes through the ``SecretBook``.
"""

from __future__ import annotations

import random
from datetime import datetime

from jira_octopus_sample_api.clock import octopus_time, to_epoch_ms
from jira_octopus_sample_api.octopus.kinds.secrets import SecretBook
from jira_octopus_sample_api.octopus.kinds.space_records import Record, links, modified

ACCOUNT_TYPES = (
    "UsernamePassword",
    "AmazonWebServicesAccount",
    "Token",
    "AzureServicePrincipal",
    "SshKeyPair",
    "AzureSubscription",
    "None",
)
ACCOUNT_COUNTS = (7, 3, 1)  # account types per space, largest space first
CERTIFICATE_COUNTS = (2, 1, 0)


class SecretKindBuilder:
    def __init__(
        self, rng: random.Random, size: int, anchor_ms: int, records: dict[str, list[Record]], secrets: SecretBook
    ) -> None:
        self.rng, self.size, self.anchor_ms, self.records, self.secrets = rng, size, anchor_ms, records, secrets

    def _next(self, kind: str, prefix: str) -> str:
        return f"{prefix}-{len(self.records[kind]) + 1}"

    def library_variable_sets(self, space_id: str, weight: float) -> None:
        for index in range(2 + round(self.size / 100 * weight)):
            set_id = self._next("library_variable_sets", "LibraryVariableSets")
            script = index == 1
            self.records["library_variable_sets"].append(
                {
                    "Id": set_id,
                    "SpaceId": space_id,
                    "Name": "Deployment helpers" if script else f"Shared settings {index}",
                    "Description": "PowerShell helpers." if script else "Connection strings and API endpoints.",
                    "ContentType": "ScriptModule" if script else "Variables",
                    "VariableSetId": f"variableset-{set_id}",
                    "Templates": [] if script else self._templates(set_id),
                    **modified(self.rng, self.anchor_ms),
                    "Links": {
                        **links(space_id, "libraryvariablesets", set_id, "library/variables"),
                        "Variables": f"/api/{space_id}/variables/variableset-{set_id}",
                    },
                }
            )

    def _templates(self, set_id: str) -> list[Record]:
        return [
            {
                "Id": f"{set_id.lower()}-t1",
                "Name": "Region",
                "Label": "Region",
                "HelpText": "Cloud region of the tenant.",
                "DefaultValue": self.secrets.property_value(set_id, False, "eu-west-1"),
                "DisplaySettings": {"Octopus.ControlType": "SingleLineText"},
            },
            {
                "Id": f"{set_id.lower()}-t2",
                "Name": "ApiToken",
                "Label": "API token",
                "HelpText": "Token of the tenant's API.",
                "DefaultValue": self.secrets.property_value(set_id, True),
                "DisplaySettings": {"Octopus.ControlType": "Sensitive"},
            },
        ]

    def accounts(self, space_id: str, rank: int, environments: list[Record]) -> None:
        for account_type in ACCOUNT_TYPES[: ACCOUNT_COUNTS[rank]]:
            account_id = self._next("accounts", "Accounts")
            self.records["accounts"].append(
                {
                    "Id": account_id,
                    "SpaceId": space_id,
                    "AccountType": account_type,
                    "Name": f"{account_type} {account_id.split('-')[1]}",
                    "Description": f"{account_type} account used by deployments.",
                    "EnvironmentIds": [environments[-1]["Id"]] if account_type != "None" else [],
                    "TenantedDeploymentParticipation": "Untenanted",
                    "TenantIds": [],
                    "TenantTags": [],
                    **self._account_details(account_type, account_id),
                    **modified(self.rng, self.anchor_ms),
                    "Links": {
                        **links(space_id, "accounts", account_id, "infrastructure/accounts"),
                        "Usages": f"/api/{space_id}/accounts/{account_id}/usages",
                    },
                }
            )

    def _account_details(self, account_type: str, owner: str) -> Record:
        """The type's own fields (only the secrets the account really holds go into the book)."""
        secret, bits = self.secrets.sensitive, self.rng.getrandbits
        azure = {"SubscriptionNumber": f"{bits(128):032x}", "AzureEnvironment": "AzureCloud"}
        if account_type == "UsernamePassword":
            return {"Username": "deployer", "Password": secret(owner)}
        if account_type == "AmazonWebServicesAccount":
            return {"AccessKey": f"AKIA{bits(64):016X}", "SecretKey": secret(owner), "Region": "eu-west-1"}
        if account_type == "Token":
            return {"Token": secret(owner)}
        if account_type == "AzureServicePrincipal":
            return {
                **azure,
                "ClientId": f"{bits(128):032x}",
                "TenantId": f"{bits(128):032x}",
                "Password": secret(owner),
                "ResourceManagementEndpointBaseUri": "",
                "ActiveDirectoryEndpointBaseUri": "",
            }
        if account_type == "SshKeyPair":
            return {"Username": "octopus", "PrivateKeyFile": secret(owner), "PrivateKeyPassphrase": secret(owner)}
        if account_type == "AzureSubscription":
            return {
                **azure,
                "CertificateBytes": secret(owner),
                "CertificateThumbprint": f"{bits(160):040X}",
                "ServiceManagementEndpointBaseUri": "",
                "ServiceManagementEndpointSuffix": "",
            }
        return {}

    def certificates(self, space_id: str, rank: int, environments: list[Record]) -> None:
        for index in range(CERTIFICATE_COUNTS[rank]):
            certificate_id = self._next("certificates", "Certificates")
            issued = self.anchor_ms - self.rng.randrange(200, 300) * 86_400_000
            subject = f"CN=app{index}.{space_id.lower()}.example.com"
            self.records["certificates"].append(
                {
                    "Id": certificate_id,
                    "SpaceId": space_id,
                    "Name": f"TLS app{index}",
                    "Notes": "Wildcard certificate of the public endpoints.",
                    "CertificateData": self.secrets.sensitive(certificate_id),
                    "Password": self.secrets.sensitive(certificate_id),
                    "CertificateDataFormat": "Pkcs12",
                    "EnvironmentIds": [e["Id"] for e in environments[-2:]],
                    "TenantedDeploymentParticipation": "Untenanted",
                    "TenantIds": [],
                    "TenantTags": [],
                    "SubjectDistinguishedName": subject,
                    "SubjectCommonName": subject[3:],
                    "SubjectOrganization": "",
                    "IssuerDistinguishedName": "CN=Example Issuing CA, O=Example",
                    "IssuerCommonName": "Example Issuing CA",
                    "IssuerOrganization": "Example",
                    "SelfSigned": False,
                    "Thumbprint": f"{self.rng.getrandbits(160):040X}",
                    "NotAfter": octopus_time(issued + 398 * 86_400_000),
                    "NotBefore": octopus_time(issued),
                    "IsExpired": False,
                    "HasPrivateKey": True,
                    "Version": 3,
                    "SerialNumber": f"{self.rng.getrandbits(64):016X}",
                    "SignatureAlgorithmName": "sha256RSA",
                    "SubjectAlternativeNames": [f"DNS=app{index}.example.com"],
                    "CertificateChain": [],
                    **modified(self.rng, self.anchor_ms),
                    "Links": {
                        **links(space_id, "certificates", certificate_id, "library/certificates"),
                        "Export": f"/api/{space_id}/certificates/{certificate_id}/export",
                        "Usages": f"/api/{space_id}/certificates/{certificate_id}/usages",
                    },
                }
            )

    def deployment_processes(self, space_id: str, projects: list[Record], feeds: list[Record]) -> None:
        feed = next(
            (f["Id"] for f in feeds if f["SpaceId"] == space_id and f["FeedType"] == "BuiltIn"), "feeds-builtin"
        )
        for project in projects:
            process_id = project["DeploymentProcessId"]
            self.records["deployment_processes"].append(
                {
                    "Id": process_id,
                    "SpaceId": space_id,
                    "ProjectId": project["Id"],
                    "Version": 1 + self.rng.randrange(20),
                    "LastSnapshotId": f"{process_id}-s-1",
                    "Steps": [
                        self._step(process_id, 1, "Deploy package", feed),
                        self._step(process_id, 2, "Smoke test", None),
                    ],
                    **modified(self.rng, self.anchor_ms),
                    "Links": {
                        "Self": f"/api/{space_id}/deploymentprocesses/{process_id}",
                        "Project": f"/api/{space_id}/projects/{project['Id']}",
                        "Template": f"/api/{space_id}/deploymentprocesses/{process_id}/template{{?channel,releaseId}}",
                    },
                }
            )

    def _step(self, process_id: str, number: int, name: str, feed: str | None) -> Record:
        action_id = f"{process_id}-action-{number}"
        properties = {
            "Octopus.Action.RunOnServer": self.secrets.property_value(action_id, False, "false"),
            "Octopus.Action.Script.ScriptBody": self.secrets.property_value(action_id, False, "./smoke-test.sh"),
        }
        if feed is None:
            properties["Octopus.Action.Script.Password"] = self.secrets.property_value(action_id, True)
        action = {
            "Id": action_id,
            "Name": name,
            "Slug": name.lower().replace(" ", "-"),
            "ActionType": "Octopus.TentaclePackage" if feed else "Octopus.Script",
            "IsDisabled": False,
            "IsRequired": False,
            "CanBeUsedForProjectVersioning": feed is not None,
            "Environments": [],
            "ExcludedEnvironments": [],
            "Channels": [],
            "TenantTags": [],
            "Notes": "",
            "Properties": properties,
            "Packages": [
                {"Name": "", "PackageId": "App", "FeedId": feed, "AcquisitionLocation": "Server", "Properties": {}}
            ]
            if feed
            else [],
            "Links": {},
        }
        return {
            "Id": f"{process_id}-step-{number}",
            "Name": name,
            "Condition": "Success",
            "StartTrigger": "StartAfterPrevious",
            "PackageRequirement": "LetOctopusDecide",
            "Properties": {"Octopus.Action.TargetRoles": self.secrets.property_value(action_id, False, "web-server")},
            "Actions": [action],
        }

    def interruptions(self, space_id: str, deployments: list[Record]) -> None:
        for deployment in deployments:
            if not deployment["FailureEncountered"]:
                continue
            interruption_id = self._next("interruptions", "Interruptions")
            created = parse_octopus_time(deployment["Created"]) + 120_000
            pending = self.rng.random() < 0.3
            self.records["interruptions"].append(
                {
                    "Id": interruption_id,
                    "SpaceId": space_id,
                    "Title": f"Guided failure: {deployment['Name']}",
                    "Created": octopus_time(min(created, self.anchor_ms)),
                    "IsPending": pending,
                    "Form": {"Values": {"Guidance": "" if pending else "Retry"}, "Elements": []},
                    "RelatedDocumentIds": [deployment["Id"], deployment["ProjectId"], deployment["EnvironmentId"]],
                    "ResponsibleTeamIds": ["teams-managers"],
                    "ResponsibleUserId": "" if pending else "Users-7",
                    "CanTakeResponsibility": True,
                    "HasResponsibility": not pending,
                    "TaskId": deployment["TaskId"],
                    "CorrelationId": f"{deployment['TaskId']}_{self.rng.getrandbits(40):010x}",
                    "IsLinkedToOtherInterruption": False,
                    **modified(self.rng, self.anchor_ms),
                    "Links": {
                        "Self": f"/api/{space_id}/interruptions/{interruption_id}",
                        "Submit": f"/api/{space_id}/interruptions/{interruption_id}/submit",
                        "Responsible": f"/api/{space_id}/interruptions/{interruption_id}/responsible",
                    },
                }
            )

    def artifacts(self, space_id: str, deployments: list[Record]) -> None:
        for deployment in deployments[::4]:
            for name in ("deploy.log", "test-results.xml")[: 1 + len(self.records["artifacts"]) % 2]:
                artifact_id = self._next("artifacts", "Artifacts")
                created = parse_octopus_time(deployment["Created"]) + 60_000
                self.records["artifacts"].append(
                    {
                        "Id": artifact_id,
                        "SpaceId": space_id,
                        "Filename": name,
                        "Source": "web-server-001",
                        "ServerTaskId": deployment["TaskId"],
                        "Created": octopus_time(min(created, self.anchor_ms)),
                        "LogCorrelationId": f"{deployment['TaskId']}_{self.rng.getrandbits(40):010x}",
                        **modified(self.rng, self.anchor_ms),
                        "Links": {
                            "Self": f"/api/{space_id}/artifacts/{artifact_id}",
                            "Content": f"/api/{space_id}/artifacts/{artifact_id}/content",
                        },
                    }
                )


def parse_octopus_time(text: str) -> int:
    return to_epoch_ms(datetime.fromisoformat(text))
