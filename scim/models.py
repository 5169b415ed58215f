import hashlib
import uuid
from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def digest(secret: str) -> str:
    """Tokens are stored as their SHA-256: 256 random bits need no slow hash, and a lookup
    by digest compares nothing in Python."""
    return hashlib.sha256(secret.encode()).hexdigest()


class TokenQuerySet(models.QuerySet):
    def usable(self, now: datetime) -> "TokenQuerySet":
        return self.filter(revoked_at__isnull=True).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        )


class ProvisioningToken(models.Model):
    """A bearer token that an identity provider's provisioning sends (Entra ID, Okta...).

    HR creates and names it, sees the secret once, and revokes it; only its digest and its
    first characters (to recognise it) are kept.
    """

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("starts with"), max_length=16)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    objects = TokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("provisioning token")
        verbose_name_plural = _("provisioning tokens")

    def __str__(self) -> str:
        return self.name

    def is_usable(self, now: datetime) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)


class ProvisionedPerson(models.Model):
    """What the directory says about a person beyond Tandem's own fields."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="provisioning"
    )
    external_id = models.CharField(_("identifier in the directory"), max_length=255, blank=True)
    given_name = models.CharField(max_length=150, blank=True)
    family_name = models.CharField(max_length=150, blank=True)
    # DELETE from the directory: the person is gone from SCIM's view, their account is closed,
    # and what they wrote stays until the retention rule or an erasure removes it.
    deleted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("provisioned person")
        verbose_name_plural = _("provisioned people")
        indexes = [models.Index(fields=["external_id"], name="scim_person_external_id")]

    def __str__(self) -> str:
        return str(self.person)


class Group(models.Model):
    """A group the directory pushes. Two names give Tandem's roles to their members
    (SCIM_HR_ADMIN_GROUP, SCIM_EXECUTIVE_GROUP); the others are kept as the directory says."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    display_name = models.CharField(_("name"), max_length=255, unique=True)
    external_id = models.CharField(max_length=255, blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="scim_groups", blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["display_name"]
        verbose_name = _("directory group")
        verbose_name_plural = _("directory groups")

    def __str__(self) -> str:
        return self.display_name


class Call(models.Model):
    """One authenticated provisioning call, kept for HR's audit."""

    token = models.ForeignKey(
        ProvisioningToken, on_delete=models.CASCADE, related_name="calls", verbose_name=_("token")
    )
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    method = models.CharField(_("method"), max_length=7)
    path = models.CharField(_("path"), max_length=500)
    status = models.PositiveSmallIntegerField(_("status"))
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    summary = models.CharField(_("what happened"), max_length=500, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("provisioning call")
        verbose_name_plural = _("provisioning calls")

    def __str__(self) -> str:
        return f"{self.method} {self.path} {self.status}"
