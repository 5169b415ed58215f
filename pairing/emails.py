"""The pairing app's emails, one function each (see common.emails)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from common.emails import make_message
from people.models import User

from .exchange import exchange
from .models import Pair


def introduction(pair: Pair, person: User) -> EmailMultiAlternatives:
    """Introduce `person`, a member of a published pair, to the other member."""
    return make_message(
        "pairing/emails/introduction",
        to=person,
        context={
            "pair": pair,
            "programme": pair.programme,
            "other": pair.other_member(person),
            "is_mentor": person.pk == pair.mentor_person_id,
            "exchange": exchange(pair),
            "link": settings.SITE_URL + reverse("pairing:pair", args=[pair.code]),
        },
    )
