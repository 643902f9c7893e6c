"""Credentials never follow a redirect to another host.

`requests` drops `Authorization` on a cross-host redirect but keeps every other header, so an Octopus
`X-Octopus-ApiKey` (or any custom header) would reach whatever host a server redirects to. Every authenticator is
wrapped in `SameHostRedirects`, which registers a response hook on each request it signs: a redirect to the same
host is followed (an http -> https upgrade with a warning that the URL should say https), any other redirect is not
followed and fails with the address it pointed to (`REFUSED_LOCATION_HEADER`, read by the error handler).
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
from requests.auth import AuthBase

from source_jira_octopus.http.errors import REFUSED_LOCATION_HEADER
from source_jira_octopus.http.responses import redact_url

logger = logging.getLogger("airbyte")


def guard_redirect(response: requests.Response, **kwargs: Any) -> requests.Response:
    """A `requests` response hook: runs on every response before `requests` decides to follow its Location."""
    if not response.is_redirect:
        return response
    source = urlsplit(response.url)
    target_url = urljoin(response.url, response.headers["Location"])
    target = urlsplit(target_url)
    if source.hostname == target.hostname and target.scheme in (source.scheme, "https"):
        if source.scheme == "http" and target.scheme == "https":
            logger.warning(
                f"{redact_url(response.url)} redirected to {redact_url(target_url)}: following it, but set the URL "
                "to https:// in the config so credentials never travel over plain HTTP."
            )
        return response
    response.headers[REFUSED_LOCATION_HEADER] = target_url
    del response.headers["Location"]  # requests follows only a response that has one
    return response


class SameHostRedirects(AuthBase):
    """Signs a request with the wrapped authenticator and guards its redirects; everything else is delegated
    (the CDK calls `refresh_and_set_access_token` on the session's auth after an OAuth 401)."""

    def __init__(self, inner: AuthBase) -> None:
        self.inner = inner

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        signed = self.inner(request)
        hooks = signed.hooks.setdefault("response", [])
        if guard_redirect not in hooks:  # the CDK signs a request again on every retry
            hooks.append(guard_redirect)
        return signed

    def __getattr__(self, name: str) -> Any:
        inner = self.__dict__.get("inner")
        if inner is None:
            raise AttributeError(name)
        return getattr(inner, name)
