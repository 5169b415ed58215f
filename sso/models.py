import uuid

from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

DOMAIN_PATTERN = r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$"


def domain_of(email: str) -> str:
    return email.rsplit("@", 1)[-1].strip().lower()


class EmailDomainQuerySet(models.QuerySet):
    def for_email(self, email: str) -> "EmailDomain | None":
        return self.filter(domain=domain_of(email)).first()

    def sso_required(self) -> "EmailDomainQuerySet":
        return self.filter(sso_required=True)


class EmailDomain(models.Model):
    """An email domain whose people sign in through one of the identity providers.

    HR decides, per domain, whether Tandem creates an account at someone's first sign-in
    (just-in-time) and whether the password is refused (single sign-on required).
    """

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    domain = models.CharField(
        _("email domain"),
        max_length=253,
        unique=True,
        validators=[
            RegexValidator(DOMAIN_PATTERN, _("Write a domain such as example.com, without @."))
        ],
    )
    provider_id = models.CharField(_("identity provider"), max_length=40)
    create_accounts = models.BooleanField(
        _("create accounts at first sign-in"),
        default=True,
        help_text=_(
            "Someone of this domain who is not in the directory yet gets an account at their "
            "first sign-in, with the attributes their identity provider sends."
        ),
    )
    sso_required = models.BooleanField(
        _("single sign-on required"),
        default=False,
        help_text=_(
            "Password sign-in, sign-up and password reset are refused for this domain; the "
            "identity provider asks for the second factor."
        ),
    )
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    objects = EmailDomainQuerySet.as_manager()

    class Meta:
        ordering = ["domain"]
        verbose_name = _("email domain")
        verbose_name_plural = _("email domains")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(domain=Lower("domain")),
                name="sso_domain_lowercase",
            )
        ]

    def __str__(self) -> str:
        return self.domain
