"""The account and feed types' own fields, which the 2020.5 Swagger leaves out (it declares only the
`AccountResource` / `FeedResource` base classes), from OctopusClients' models
(`source/Octopus.Server.Client/Model/Accounts/*AccountResource.cs`, `Model/*FeedResource.cs`). The fake's
response validator adds them to the base definitions, so that the secrets those types carry can be served and a
misspelt field still fails."""

from __future__ import annotations

from typing import Any

_STRING: dict[str, Any] = {"type": "string"}
_INTEGER: dict[str, Any] = {"type": "integer", "format": "int32"}
_BOOLEAN: dict[str, Any] = {"type": "boolean"}
_SENSITIVE: dict[str, Any] = {"$ref": "#/definitions/SensitiveValue"}

ACCOUNT_TYPE_PROPERTIES: dict[str, dict[str, Any]] = {
    # UsernamePasswordAccountResource, SshKeyPairAccountResource
    "Username": _STRING,
    "Password": _SENSITIVE,
    # TokenAccountResource
    "Token": _SENSITIVE,
    # AmazonWebServicesAccountResource
    "AccessKey": _STRING,
    "SecretKey": _SENSITIVE,
    "Region": _STRING,
    # AzureServicePrincipalAccountResource, AzureSubscriptionAccountResource
    "SubscriptionNumber": _STRING,
    "ClientId": _STRING,
    "TenantId": _STRING,
    "AzureEnvironment": _STRING,
    "ResourceManagementEndpointBaseUri": _STRING,
    "ActiveDirectoryEndpointBaseUri": _STRING,
    "CertificateBytes": _SENSITIVE,
    "CertificateThumbprint": _STRING,
    "ServiceManagementEndpointBaseUri": _STRING,
    "ServiceManagementEndpointSuffix": _STRING,
    # SshKeyPairAccountResource
    "PrivateKeyFile": _SENSITIVE,
    "PrivateKeyPassphrase": _SENSITIVE,
}
FEED_TYPE_PROPERTIES: dict[str, dict[str, Any]] = {
    # NuGetFeedResource, DockerFeedResource, MavenFeedResource (URI, credentials, download retries)
    "FeedUri": _STRING,
    "Username": _STRING,
    "Password": _SENSITIVE,
    "DownloadAttempts": _INTEGER,
    "DownloadRetryBackoffSeconds": _INTEGER,
    "EnhancedMode": _BOOLEAN,
    "ApiVersion": _STRING,
    "RegistryPath": _STRING,
    # AwsElasticContainerRegistryFeedResource
    "AccessKey": _STRING,
    "SecretKey": _SENSITIVE,
    "Region": _STRING,
    # BuiltInFeedResource
    "DeleteUnreleasedPackagesAfterDays": _INTEGER,
    "IsBuiltInRepoSyncEnabled": _BOOLEAN,
}


def add_type_properties(definitions: dict[str, Any]) -> None:
    """Widen the base definitions in place (before they are closed)."""
    definitions["AccountResource"]["properties"].update(ACCOUNT_TYPE_PROPERTIES)
    definitions["FeedResource"]["properties"].update(FEED_TYPE_PROPERTIES)
