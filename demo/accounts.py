"""The four demo accounts, each pinned to a place in the company, and their sign-in."""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password

from people.models import User

from .context import Demo
from .levels import DIRECTOR, HEAD, JUNIOR, MANAGER

DEMO_PASSWORD = "tandem-demo"  # noqa: S105 (published in the README on purpose)


@dataclass(frozen=True)
class Account:
    key: str
    email: str
    name: str
    department: str
    level: str
    grade: int
    job_title: str
    age: int  # only to derive the generation band; no birth date or year is stored
    years_in_company: int
    languages: list[str]
    preferred_language: str
    is_hr_admin: bool = False
    is_executive: bool = False


ACCOUNTS = [
    Account(
        key="hr",
        email="hr@example.com",
        name="Hélène Marchand",
        department="Ressources humaines",
        level=MANAGER,
        grade=12,
        job_title="Responsable développement RH et mentorat",
        age=44,
        years_in_company=9,
        languages=["fr", "en", "es"],
        preferred_language="fr",
        is_hr_admin=True,
    ),
    Account(
        key="exec",
        email="exec@example.com",
        name="Édouard Lefèvre",
        department="Opérations",
        level=HEAD,  # so a member of the executive committee
        grade=18,
        job_title="Directeur des opérations",
        age=56,
        years_in_company=17,
        languages=["fr", "en", "de"],
        preferred_language="en",
        is_executive=True,
    ),
    Account(
        key="mentor",
        email="mentor@example.com",
        name="Zoé Benali",
        department="Marketing",
        level=JUNIOR,
        grade=3,
        job_title="Chargée de marketing digital",
        age=24,
        years_in_company=2,
        languages=["fr", "en", "ar"],
        preferred_language="fr",
    ),
    Account(
        key="mentee",
        email="mentee@example.com",
        name="Marc Delaunay",
        department="Finance",
        level=DIRECTOR,
        grade=15,
        job_title="Directeur du contrôle de gestion",
        age=52,
        years_in_company=14,
        languages=["fr", "en"],
        preferred_language="en",
    ),
]


def seed_accounts(demo: Demo) -> str:
    """The four accounts sign in with the demo password and a verified, primary email."""
    accounts = [demo.accounts[account.key] for account in ACCOUNTS]
    password = make_password(DEMO_PASSWORD)
    for account in accounts:
        account.password = password
    User.objects.bulk_update(accounts, ["password"])
    EmailAddress.objects.filter(user__in=accounts).delete()
    EmailAddress.objects.filter(email__in=[a.email for a in accounts]).delete()
    EmailAddress.objects.bulk_create(
        EmailAddress(user=a, email=a.email, verified=True, primary=True) for a in accounts
    )
    return f"{len(accounts)} accounts with the password {DEMO_PASSWORD}: " + ", ".join(
        a.email for a in accounts
    )
