"""Provisioning tokens: created and named by HR, shown once, stored as a digest, revoked."""

import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from people.access import check_hr_admin
from people.models import User

from .models import ProvisioningToken, digest

logger = logging.getLogger(__name__)

PREFIX = "tandem_scim_"
SHOWN_PREFIX_LENGTH = len(PREFIX) + 4  # enough to tell tokens apart, too little to guess


@transaction.atomic
def create(*, name: str, valid_days: int | None, by: User | None) -> tuple[ProvisioningToken, str]:
    """A new token and its secret, which is never stored and cannot be shown again."""
    check_hr_admin(by)
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ProvisioningToken.objects.create(
        name=name.strip(),
        prefix=secret[:SHOWN_PREFIX_LENGTH],
        digest=digest(secret),
        created_by=by,
        expires_at=timezone.now() + timedelta(days=valid_days) if valid_days else None,
    )
    logger.info(
        "%s created the provisioning token %r.", by.email if by else "The system", token.name
    )
    return token, secret


@transaction.atomic
def revoke(*, token: ProvisioningToken, by: User | None) -> None:
    check_hr_admin(by)
    updated = ProvisioningToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_by=by
    )
    if updated:
        logger.info(
            "%s revoked the provisioning token %r.", by.email if by else "The system", token.name
        )


def authenticate(header: str) -> ProvisioningToken | None:
    """The usable token an `Authorization: Bearer …` header carries, or None."""
    scheme, _, secret = header.partition(" ")
    secret = secret.strip()
    if scheme.lower() != "bearer" or not secret.startswith(PREFIX):
        return None
    return ProvisioningToken.objects.usable(timezone.now()).filter(digest=digest(secret)).first()


def within_rate(token: ProvisioningToken) -> bool:
    """At most SCIM_RATE_LIMIT calls a minute per token (a fixed window in the cache)."""
    window = int(timezone.now().timestamp() // 60)
    key = f"scim-rate:{token.code}:{window}"
    cache.add(key, 0, timeout=120)
    try:
        calls = cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, timeout=120)
        calls = 1
    return calls <= settings.SCIM_RATE_LIMIT
