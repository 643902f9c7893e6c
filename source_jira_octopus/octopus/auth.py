"""Octopus API keys travel in the `X-Octopus-ApiKey` header."""

from __future__ import annotations

import requests
from airbyte_cdk.utils.airbyte_secrets_utils import add_to_secrets
from requests.auth import AuthBase

API_KEY_HEADER = "X-Octopus-ApiKey"


class OctopusApiKeyAuthenticator(AuthBase):
    """The CDK's TokenAuthenticator(auth_method="") would send the key with a leading space."""

    def __init__(self, api_key: str) -> None:
        self._api_key = api_key
        if len(api_key) >= 8:  # masked process-wide; a shorter test double would mask letters of every log line
            add_to_secrets(api_key)

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers[API_KEY_HEADER] = self._api_key
        return request
