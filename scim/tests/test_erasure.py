"""An erased person leaves no link to an identity provider and no directory record behind."""

import pytest
from allauth.socialaccount.models import SocialAccount

from people.testing import make_person
from privacy.services import erase_person
from scim.models import Group, ProvisionedPerson

pytestmark = pytest.mark.django_db


def test_erasure_deletes_the_provider_link_and_the_directory_record(hr_admin):
    person = make_person(email="leaver@example.com", name="Lina Leaver")
    SocialAccount.objects.create(
        user=person, provider="acme", uid="lina", extra_data={"userinfo": {"name": "Lina"}}
    )
    ProvisionedPerson.objects.create(person=person, external_id="e42", given_name="Lina")
    group = Group.objects.create(display_name="Marketing")
    group.members.add(person)

    erase_person(person=person, by=hr_admin)

    assert not SocialAccount.objects.filter(user=person).exists()
    assert not ProvisionedPerson.objects.filter(person=person).exists()
    assert not group.members.exists()
