"""Single sign-on's workflows: the password refusal, the attributes at sign-in, HR's domains."""

import logging

from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.models import SocialLogin
from django.db import transaction
from django.utils.translation import gettext as _

from people import records
from people.access import check_hr_admin
from people.models import User

from .attributes import directory_cells
from .models import EmailDomain

logger = logging.getLogger(__name__)


def provider_names() -> dict[str, str]:
    """The configured identity providers' names by id, in the settings' order."""
    adapter = get_adapter()
    return {app.provider_id: app.name for app in adapter.list_apps(None) if app.provider_id}


def password_refusal(email: str) -> str:
    """Why this address may not use a password, or "" when it may."""
    if "@" not in email:
        return ""
    domain = (
        EmailDomain.objects.sso_required().filter(domain=email.rsplit("@", 1)[1].lower()).first()
    )
    if domain is None:
        return ""
    name = provider_names().get(domain.provider_id, domain.provider_id)
    return _(
        "Addresses at %(domain)s sign in with %(provider)s, not with a password: use the "
        "“Sign in with %(provider)s” button."
    ) % {"domain": domain.domain, "provider": name}


def update_from_provider(person: User, sociallogin: SocialLogin) -> tuple[str, ...]:
    """Write the directory attributes the provider sent; returns the fields changed.

    A value the directory would refuse (a grade out of range, a manager who is not in
    Tandem, a circle in the reporting lines) is left out and logged, and the others are
    written: a sign-in is not refused for a bad attribute.
    """
    cells = directory_cells(sociallogin)
    cells.pop("email", None)
    for _attempt in range(2):
        try:
            row = records.check(cells, person=person)
        except records.RecordRefused as refused:
            columns = {problem.column for problem in refused.problems}
            logger.warning("Single sign-on for %s: attributes left out: %s", person.email, refused)
            cells = {field: value for field, value in cells.items() if field not in columns}
            continue
        return records.save(row, person=person, given=frozenset(cells)).changed
    return ()


@transaction.atomic
def save_domain(*, form, by: User | None) -> EmailDomain:
    check_hr_admin(by)
    domain = form.save()
    logger.info(
        "%s set the email domain %s: provider %s, accounts created %s, SSO required %s.",
        by.email if by else "The system",
        domain.domain,
        domain.provider_id,
        domain.create_accounts,
        domain.sso_required,
    )
    return domain


@transaction.atomic
def delete_domain(*, domain: EmailDomain, by: User | None) -> None:
    check_hr_admin(by)
    logger.info("%s removed the email domain %s.", by.email if by else "The system", domain.domain)
    domain.delete()
