"""Sign-in throttling that a stranger cannot turn against the owner.

Failed sign-ins are counted per account and client address together, plus per address:
someone guessing an account's password from their own address is stopped there, while the
owner signing in from anywhere else is not. See people/adapters.py and
ACCOUNT_RATE_LIMITS in mentoring/settings.py.
"""

import itertools
import uuid

import pytest
from django.test import Client
from django.urls import reverse

from common.testing import PASSWORD
from people.testing import make_person

pytestmark = pytest.mark.django_db

THROTTLED = "Too many failed login attempts. Try again later."
# Rate-limit counters live in the cache, shared by the tests of a process: every test signs
# in from addresses and to accounts of its own.
_addresses = (f"198.51.100.{number}" for number in itertools.count(1))
_accounts = itertools.count(1)


def stranger_address() -> str:
    return next(_addresses)


def account():
    return make_person(email=f"throttled{next(_accounts)}-{uuid.uuid4().hex[:8]}@example.com")


def sign_in(email: str, password: str, *, address: str, forwarded_for: str = "") -> Client:
    client = Client(REMOTE_ADDR=address)
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    client.response = client.post(
        reverse("account_login"), {"login": email, "password": password}, headers=headers
    )
    return client


def signed_in(client: Client) -> bool:
    return client.get(reverse("home")).wsgi_request.user.is_authenticated


def test_wrong_passwords_from_one_address_do_not_lock_the_owner_out_from_another() -> None:
    owner = account()
    stranger = stranger_address()
    for _attempt in range(5):
        assert THROTTLED not in sign_in(owner.email, "guess", address=stranger).response.text

    # The stranger is stopped, even with the right password…
    guessed = sign_in(owner.email, PASSWORD, address=stranger)
    assert THROTTLED in guessed.response.text
    assert not signed_in(guessed)
    # …and the owner, from their own address, signs in.
    at_home = sign_in(owner.email, PASSWORD, address=stranger_address())
    assert at_home.response.status_code == 302
    assert signed_in(at_home)


def test_one_address_guessing_across_accounts_is_stopped_by_the_per_address_limit() -> None:
    stranger = stranger_address()
    for _account in range(10):
        response = sign_in(account().email, "guess", address=stranger).response
        assert THROTTLED not in response.text

    target = account()
    assert THROTTLED in sign_in(target.email, "guess", address=stranger).response.text
    # The limit is the address's: the account's owner elsewhere is not concerned.
    assert signed_in(sign_in(target.email, PASSWORD, address=stranger_address()))


def test_behind_a_proxy_the_address_is_the_one_the_proxy_saw(settings) -> None:
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    owner = account()
    proxy, stranger = "10.0.0.2", stranger_address()
    for _attempt in range(5):
        sign_in(owner.email, "guess", address=proxy, forwarded_for=stranger)

    throttled = sign_in(owner.email, PASSWORD, address=proxy, forwarded_for=stranger)
    assert THROTTLED in throttled.response.text
    # Another client through the same proxy, even one that puts the stranger's address first
    # in X-Forwarded-For, is counted on the address the proxy appended.
    forged = f"{stranger}, {stranger_address()}"
    assert signed_in(sign_in(owner.email, PASSWORD, address=proxy, forwarded_for=forged))


def test_a_successful_sign_in_does_not_wipe_the_strangers_count() -> None:
    owner = account()
    stranger = stranger_address()
    for _attempt in range(4):
        sign_in(owner.email, "guess", address=stranger)

    assert signed_in(sign_in(owner.email, PASSWORD, address=stranger_address()))

    sign_in(owner.email, "guess", address=stranger)
    assert THROTTLED in sign_in(owner.email, PASSWORD, address=stranger).response.text
