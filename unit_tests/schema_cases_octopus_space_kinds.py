"""Schema cases of the octopus space kinds streams: sample records and a value each schema must reject.

Samples follow the 2020.5 Swagger resources (accounts and feeds add their type's own fields from OctopusClients'
models) as the connector emits them: every SensitiveValue reduced to `HasValue`, sensitive property values
without `Value`.
"""

from __future__ import annotations

from unit_tests.schema_samples_octopus import OCTO_TS, octopus_links
from unit_tests.stream_case import StreamCase

MASKED = {"HasValue": True}
MODIFIED = {"LastModifiedBy": "admin", "LastModifiedOn": OCTO_TS}
SENSITIVE_PROPERTY = {"IsSensitive": True, "Value": None, "SensitiveValue": MASKED}


def space_case(
    name: str,
    component: str,
    sample: dict,
    wrong: tuple[str, object],
    dates: tuple[str, ...] = (),
    key: tuple[str, ...] = ("Id",),
) -> StreamCase:
    record = {"SpaceId": "Spaces-1", **MODIFIED, **sample}
    return StreamCase(name, key, "octopus", component, ("LastModifiedOn", *dates), (record,), wrong)


CASES: list[StreamCase] = [
    space_case(
        "octopus_project_groups",
        "ProjectGroupResource",
        {
            "Id": "ProjectGroups-1",
            "Name": "Default Project Group",
            "Description": "",
            "EnvironmentIds": ["Environments-1"],
            "RetentionPolicyId": None,
            "Links": octopus_links("Spaces-1/projectgroups/ProjectGroups-1"),
        },
        ("EnvironmentIds", "Environments-1"),
    ),
    space_case(
        "octopus_lifecycles",
        "LifecycleResource",
        {
            "Id": "Lifecycles-1",
            "Name": "Default Lifecycle",
            "ReleaseRetentionPolicy": {"QuantityToKeep": 0, "Unit": "Days", "ShouldKeepForever": True},
            "TentacleRetentionPolicy": {"QuantityToKeep": 3, "Unit": "Items", "ShouldKeepForever": False},
            "Phases": [
                {
                    "Id": "lifecycles-1-phase-0",
                    "Name": "Development",
                    "AutomaticDeploymentTargets": ["Environments-1"],
                    "OptionalDeploymentTargets": [],
                    "MinimumEnvironmentsBeforePromotion": 0,
                    "IsOptionalPhase": False,
                    "ReleaseRetentionPolicy": None,
                }
            ],
            "Links": octopus_links("Spaces-1/lifecycles/Lifecycles-1"),
        },
        ("ReleaseRetentionPolicy.QuantityToKeep", "all"),
    ),
    space_case(
        "octopus_channels",
        "ChannelResource",
        {
            "Id": "Channels-1",
            "ProjectId": "Projects-1",
            "Name": "Hotfix",
            "Description": "",
            "LifecycleId": "Lifecycles-2",
            "IsDefault": False,
            "Rules": [
                {
                    "Id": "rule-1",
                    "VersionRange": "[1.0,2.0)",
                    "Tag": "^hotfix",
                    "ActionPackages": [{"DeploymentAction": "Deploy", "PackageReference": ""}],
                }
            ],
            "TenantTags": [],
            "Links": octopus_links("Spaces-1/channels/Channels-1"),
        },
        ("IsDefault", "yes"),
    ),
    space_case(
        "octopus_tenants",
        "TenantResource",
        {
            "Id": "Tenants-1",
            "Name": "Customer 1",
            "Description": "Hosted customer in EMEA.",
            "TenantTags": ["Region/EMEA"],
            "ProjectEnvironments": {"Projects-1": ["Environments-3", "Environments-4"]},
            "ClonedFromTenantId": None,
            "Links": octopus_links("Spaces-1/tenants/Tenants-1"),
        },
        ("TenantTags", "Region/EMEA"),
    ),
    space_case(
        "octopus_worker_pools",
        "WorkerPoolResource",
        {
            "Id": "WorkerPools-1",
            "Name": "Default Worker Pool",
            "IsDefault": True,
            "SortOrder": 0,
            "WorkerPoolType": "StaticWorkerPool",
            "CanAddWorkers": True,
            "Links": octopus_links("Spaces-1/workerpools/WorkerPools-1"),
        },
        ("SortOrder", "first"),
    ),
    space_case(
        "octopus_workers",
        "WorkerResource",
        {
            "Id": "Workers-1",
            "Name": "worker-001",
            "WorkerPoolIds": ["WorkerPools-1"],
            "Thumbprint": "8A7C2F",
            "Uri": "https://worker-001.internal:10933/",
            "IsDisabled": False,
            "HealthStatus": "Healthy",
            "Status": "Online",
            "Endpoint": {"CommunicationStyle": "TentaclePassive", "Id": "Endpoint-W1", "Links": {}},
            "Links": octopus_links("Spaces-1/workers/Workers-1"),
        },
        ("IsDisabled", "false"),
    ),
    space_case(
        "octopus_feeds",
        "FeedResource",
        {
            "Id": "Feeds-1001",
            "Name": "Docker registry",
            "FeedType": "Docker",
            "FeedUri": "https://registry.internal",
            "Username": "feed-reader",
            "Password": MASKED,
            "ApiVersion": "v2",
            "RegistryPath": "team/apps",
            "DownloadAttempts": 5,
            "PackageAcquisitionLocationOptions": ["NotAcquired"],
            "Links": octopus_links("Spaces-1/feeds/Feeds-1001"),
        },
        ("DownloadAttempts", "five"),
        key=("SpaceId", "Id"),  # every space has its built-in feeds under the same ids (feeds-builtin)
    ),
    space_case(
        "octopus_runbooks",
        "RunbookResource",
        {
            "Id": "Runbooks-1",
            "ProjectId": "Projects-1",
            "Name": "Restart service",
            "RunbookProcessId": "RunbookProcess-Runbooks-1",
            "PublishedRunbookSnapshotId": None,
            "EnvironmentScope": "All",
            "Environments": [],
            "RunRetentionPolicy": {"QuantityToKeep": 100, "ShouldKeepForever": False},
            "ConnectivityPolicy": {"AllowDeploymentsToNoTargets": True, "TargetRoles": []},
            "Links": octopus_links("Spaces-1/runbooks/Runbooks-1"),
        },
        ("RunRetentionPolicy.QuantityToKeep", "all"),
    ),
    space_case(
        "octopus_library_variable_sets",
        "LibraryVariableSetResource",
        {
            "Id": "LibraryVariableSets-1",
            "Name": "Shared settings",
            "ContentType": "Variables",
            "VariableSetId": "variableset-LibraryVariableSets-1",
            "Templates": [
                {"Id": "t1", "Name": "Region", "DefaultValue": {"IsSensitive": False, "Value": "eu-west-1"}},
                {"Id": "t2", "Name": "ApiToken", "DefaultValue": SENSITIVE_PROPERTY},
                {"Id": "t3", "Name": "Plain", "DefaultValue": "a plain string, as real servers send it"},
            ],
            "Links": octopus_links("Spaces-1/libraryvariablesets/LibraryVariableSets-1"),
        },
        ("Templates", {"Id": "t1"}),
    ),
    space_case(
        "octopus_accounts",
        "AccountResource",
        {
            "Id": "Accounts-2",
            "AccountType": "AmazonWebServicesAccount",
            "Name": "AWS production",
            "EnvironmentIds": ["Environments-4"],
            "TenantedDeploymentParticipation": "Untenanted",
            "TenantIds": [],
            "TenantTags": [],
            "AccessKey": "AKIAEXAMPLE",
            "SecretKey": MASKED,
            "Region": "eu-west-1",
            "Links": octopus_links("Spaces-1/accounts/Accounts-2"),
        },
        ("SecretKey", "wJalrXUtnFEMI"),
    ),
    space_case(
        "octopus_certificates",
        "CertificateResource",
        {
            "Id": "Certificates-1",
            "Name": "TLS app0",
            "CertificateData": MASKED,
            "Password": MASKED,
            "CertificateDataFormat": "Pkcs12",
            "SubjectCommonName": "app0.example.com",
            "NotAfter": OCTO_TS,
            "NotBefore": OCTO_TS,
            "Archived": None,
            "HasPrivateKey": True,
            "Version": 3,
            "CertificateChain": [{"Thumbprint": "AB12", "NotAfter": OCTO_TS}],
            "Links": octopus_links("Spaces-1/certificates/Certificates-1"),
        },
        ("Version", "v3"),
        ("NotAfter", "NotBefore", "Archived"),
    ),
    space_case(
        "octopus_deployment_processes",
        "DeploymentProcessResource",
        {
            "Id": "deploymentprocess-Projects-1",
            "ProjectId": "Projects-1",
            "Version": 4,
            "LastSnapshotId": "deploymentprocess-Projects-1-s-1",
            "Steps": [
                {
                    "Id": "step-1",
                    "Name": "Smoke test",
                    "Condition": "Success",
                    "Properties": {"Octopus.Action.TargetRoles": "web-server"},
                    "Actions": [
                        {
                            "Id": "action-1",
                            "Name": "Smoke test",
                            "ActionType": "Octopus.Script",
                            "Properties": {
                                "Octopus.Action.Script.ScriptBody": {"IsSensitive": False, "Value": "./smoke.sh"},
                                "Octopus.Action.Script.Password": SENSITIVE_PROPERTY,
                                "Octopus.Action.RunOnServer": "false",
                            },
                            "Packages": [],
                        }
                    ],
                }
            ],
            "Links": octopus_links("Spaces-1/deploymentprocesses/deploymentprocess-Projects-1"),
        },
        ("Version", "4"),
    ),
    space_case(
        "octopus_interruptions",
        "InterruptionResource",
        {
            "Id": "Interruptions-1",
            "Title": "Guided failure: Deploy to Production",
            "Created": OCTO_TS,
            "IsPending": True,
            "Form": {"Values": {"Guidance": ""}, "Elements": [{"Name": "Guidance", "IsValueRequired": True}]},
            "RelatedDocumentIds": ["Deployments-1", "Projects-1"],
            "ResponsibleTeamIds": ["teams-managers"],
            "TaskId": "ServerTasks-10001",
            "Links": octopus_links("Spaces-1/interruptions/Interruptions-1"),
        },
        ("IsPending", "yes"),
        ("Created",),
    ),
    space_case(
        "octopus_artifacts",
        "ArtifactResource",
        {
            "Id": "Artifacts-1",
            "Filename": "deploy.log",
            "Source": "web-server-001",
            "ServerTaskId": "ServerTasks-10001",
            "Created": OCTO_TS,
            "LogCorrelationId": "ServerTasks-10001_ab12",
            "Links": octopus_links("Spaces-1/artifacts/Artifacts-1"),
        },
        ("Created", 20240115),
        ("Created",),
    ),
    space_case(
        "octopus_tag_sets",
        "TagSetResource",
        {
            "Id": "TagSets-1",
            "Name": "Region",
            "Description": "Tenant tags: region.",
            "SortOrder": 0,
            "Tags": [
                {
                    "Id": "TagSets-1-0",
                    "Name": "US East",
                    "CanonicalTagName": "Region/US East",
                    "Color": "#1F75FE",
                    "Description": "",
                    "SortOrder": 0,
                }
            ],
            "Links": octopus_links("Spaces-1/tagsets/TagSets-1"),
        },
        ("SortOrder", "first"),
    ),
]
