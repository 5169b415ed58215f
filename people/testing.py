"""Factories of people for the tests of every app (no test in here)."""

import itertools

from allauth.account.models import EmailAddress

from common.testing import PASSWORD

from .models import Department, User

_sequence = itertools.count(1)


def make_person(*, password: str | None = PASSWORD, verified: bool = True, **fields) -> User:
    """A person in the directory, with a verified email so that they can sign in."""
    number = next(_sequence)
    fields.setdefault("email", f"person{number}@example.com")
    fields.setdefault("name", f"Person {number}")
    if "department" not in fields:
        fields["department"], _ = Department.objects.get_or_create(name="Operations")
    user = User.objects.create_user(password=password, **fields)
    EmailAddress.objects.create(user=user, email=user.email, verified=verified, primary=True)
    return user
