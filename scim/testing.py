"""Helpers for the provisioning tests (no test in here)."""

import json
from typing import Any

from django.test import Client

from . import tokens

BASE = "/scim/v2"


def make_token(name: str = "Entra ID") -> str:
    _token, secret = tokens.create(name=name, valid_days=365, by=None)
    return secret


def call(client: Client, method: str, path: str, body: Any = None, *, token: str):
    """One SCIM request as an identity provider sends it."""
    kwargs = {"HTTP_AUTHORIZATION": f"Bearer {token}", "HTTP_ACCEPT": "application/scim+json"}
    if body is not None:
        kwargs.update(data=json.dumps(body), content_type="application/scim+json")
    return getattr(client, method.lower())(BASE + path, **kwargs)
