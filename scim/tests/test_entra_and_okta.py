"""Issue 18: the request sequences Microsoft Entra ID and Okta send, checked in the database.

The bodies follow the providers' published examples: Microsoft's "Develop and plan
provisioning for a SCIM endpoint" (create, get by filter, PATCH of multi- and
single-valued attributes, disable, delete; groups) and Okta's "SCIM 2.0 protocol
reference" (the connection test, create, get by filter, PATCH without a path, deactivate).
The userNames are email addresses: Tandem's login is the work email (docs/sso.md).
"""

import pytest
from django.utils import timezone

from people.models import DirectoryEvent, User
from people.testing import make_person
from scim.models import Call, Group, ProvisionedPerson
from scim.protocol import ENTERPRISE, ERROR, LIST_RESPONSE, PATCH_OP, TANDEM, USER
from scim.testing import call, make_token

pytestmark = pytest.mark.django_db

ENTRA_USER = {
    "schemas": [USER, ENTERPRISE],
    "externalId": "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
    "userName": "Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1@contoso.example",
    "active": True,
    "emails": [
        {
            "primary": True,
            "type": "work",
            "value": "Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1@contoso.example",
        }
    ],
    "meta": {"resourceType": "User"},
    "name": {
        "formatted": "givenName familyName",
        "familyName": "familyName",
        "givenName": "givenName",
    },
    "roles": [],
}

OKTA_USER = {
    "schemas": [USER],
    "userName": "test.user@okta.example",
    "name": {"givenName": "Test", "familyName": "User"},
    "emails": [{"primary": True, "value": "test.user@okta.example", "type": "work"}],
    "displayName": "Test User",
    "locale": "en-US",
    "externalId": "00ujl29u0le5T6Aj10h7",
    "groups": [],
    "password": "1mz050nq",
    "active": True,
}


def test_entra_id_creates_finds_updates_disables_and_deletes_a_user(client):
    token = make_token("Entra ID")
    manager = make_person(email="claire.dubois@contoso.example", name="Claire Dubois", grade=18)
    user_name = ENTRA_USER["userName"].lower()

    # Entra looks the person up before creating them.
    found = call(
        client, "GET", f'/Users?filter=userName eq "{ENTRA_USER["userName"]}"', token=token
    )
    assert found.status_code == 200
    assert found.json() == {
        "schemas": [LIST_RESPONSE],
        "totalResults": 0,
        "startIndex": 1,
        "itemsPerPage": 0,
        "Resources": [],
    }

    created = call(client, "POST", "/Users", ENTRA_USER, token=token)
    assert created.status_code == 201
    assert created["Content-Type"] == "application/scim+json"
    body = created.json()
    person = User.objects.get(email=user_name)
    assert body["id"] == str(person.code)
    assert created["Location"].endswith(f"/scim/v2/Users/{person.code}")
    assert (person.name, person.is_active, person.has_usable_password()) == (
        "givenName familyName",
        True,
        False,
    )
    assert person.emailaddress_set.get().verified
    assert ProvisionedPerson.objects.get(person=person).external_id == ENTRA_USER["externalId"]

    # Get by filter, case-insensitive as RFC 7643 says userName is.
    found = call(
        client, "GET", f'/Users?filter=userName eq "{ENTRA_USER["userName"]}"', token=token
    )
    assert found.json()["totalResults"] == 1
    assert found.json()["Resources"][0]["id"] == str(person.code)
    by_external_id = call(
        client, "GET", f'/Users?filter=externalId eq "{ENTRA_USER["externalId"]}"', token=token
    )
    assert [user["id"] for user in by_external_id.json()["Resources"]] == [str(person.code)]

    # PATCH Replace of several attributes at once, with the enterprise and Tandem extensions.
    patched = call(
        client,
        "PATCH",
        f"/Users/{person.code}",
        {
            "schemas": [PATCH_OP],
            "Operations": [
                {"op": "Replace", "path": 'emails[type eq "work"].value', "value": user_name},
                {"op": "Replace", "path": "name.familyName", "value": "updatedFamilyName"},
                {"op": "Replace", "path": "title", "value": "Head of data"},
                {"op": "Add", "path": f"{ENTERPRISE}:department", "value": "Finance"},
                {"op": "Add", "path": f"{ENTERPRISE}:manager", "value": str(manager.code)},
                {"op": "Replace", "path": 'addresses[type eq "work"].country', "value": "FR"},
                {"op": "Replace", "path": "preferredLanguage", "value": "fr-FR"},
                {"op": "Add", "path": f"{TANDEM}:grade", "value": "14"},
            ],
        },
        token=token,
    )
    assert patched.status_code == 200, patched.content
    person.refresh_from_db()
    assert person.name == "givenName updatedFamilyName"
    assert (person.job_title, person.department.name, person.manager) == (
        "Head of data",
        "Finance",
        manager,
    )
    assert (person.country.code, person.preferred_language, person.grade) == ("FR", "fr", 14)
    assert patched.json()[ENTERPRISE]["manager"]["value"] == str(manager.code)
    assert patched.json()["name"]["familyName"] == "updatedFamilyName"

    # Single-valued: the login changes (a new address), and the account follows.
    new_address = "5b50642d-79fc-4410-9e90-4c077cdd1a59@contoso.example"
    renamed = call(
        client,
        "PATCH",
        f"/Users/{person.code}",
        {
            "schemas": [PATCH_OP],
            "Operations": [{"op": "Replace", "path": "userName", "value": new_address}],
        },
        token=token,
    )
    assert renamed.status_code == 200
    person.refresh_from_db()
    assert person.email == new_address
    assert person.emailaddress_set.get(primary=True).email == new_address

    # Disable: Entra sends the boolean as a string too ("False"), a known quirk.
    disabled = call(
        client,
        "PATCH",
        f"/Users/{person.code}",
        {
            "Operations": [{"op": "Replace", "path": "active", "value": "False"}],
            "schemas": [PATCH_OP],
        },
        token=token,
    )
    assert disabled.status_code == 200
    assert disabled.json()["active"] is False
    person.refresh_from_db()
    assert not person.is_active
    # The leaving is dated, for the outcome indicators, and its source is the directory feed.
    left = person.directory_events.get(kind=DirectoryEvent.Kind.LEFT)
    assert (left.on, left.source) == (timezone.localdate(), DirectoryEvent.Source.FEED)
    assert person.left_on == timezone.localdate()

    deleted = call(client, "DELETE", f"/Users/{person.code}", token=token)
    assert deleted.status_code == 204
    assert call(client, "GET", f"/Users/{person.code}", token=token).status_code == 404
    # The account is closed, not erased: what the person wrote waits for the retention rule.
    assert User.objects.filter(pk=person.pk, is_active=False).exists()

    # Every call is in the audit trail, with what it did.
    calls = list(Call.objects.order_by("pk").values_list("method", "status", "summary"))
    assert [(method, status) for method, status, _summary in calls] == [
        ("GET", 200),
        ("POST", 201),
        ("GET", 200),
        ("GET", 200),
        ("PATCH", 200),
        ("PATCH", 200),
        ("PATCH", 200),
        ("DELETE", 204),
        ("GET", 404),
    ]
    assert calls[1][2] == "created"
    assert "active" in calls[6][2]


def test_entra_id_pushes_a_group_and_its_members(client, settings):
    settings.SCIM_HR_ADMIN_GROUP = "Tandem HR admins"
    token = make_token("Entra ID")
    person = make_person(email="hr.partner@contoso.example", name="Hana Partner")

    created = call(
        client,
        "POST",
        "/Groups",
        {
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
            "externalId": "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
            "displayName": "Tandem HR admins",
            "meta": {"resourceType": "Group"},
        },
        token=token,
    )
    assert created.status_code == 201
    group = Group.objects.get(display_name="Tandem HR admins")
    found = call(
        client,
        "GET",
        '/Groups?excludedAttributes=members&filter=displayName eq "Tandem HR admins"',
        token=token,
    )
    assert [item["id"] for item in found.json()["Resources"]] == [str(group.code)]
    assert "members" not in found.json()["Resources"][0]

    added = call(
        client,
        "PATCH",
        f"/Groups/{group.code}",
        {
            "schemas": [PATCH_OP],
            "Operations": [
                {
                    "op": "Add",
                    "path": "members",
                    "value": [{"$ref": None, "value": str(person.code)}],
                }
            ],
        },
        token=token,
    )
    assert added.status_code == 204
    person.refresh_from_db()
    assert list(group.members.all()) == [person]
    assert person.is_hr_admin

    removed = call(
        client,
        "PATCH",
        f"/Groups/{group.code}",
        {
            "schemas": [PATCH_OP],
            "Operations": [
                {
                    "op": "Remove",
                    "path": "members",
                    "value": [{"$ref": None, "value": str(person.code)}],
                }
            ],
        },
        token=token,
    )
    assert removed.status_code == 204
    person.refresh_from_db()
    assert not group.members.exists()
    assert not person.is_hr_admin

    assert call(client, "DELETE", f"/Groups/{group.code}", token=token).status_code == 204
    assert not Group.objects.exists()


def test_okta_tests_the_connection_creates_finds_updates_and_deactivates_a_user(client):
    token = make_token("Okta")
    make_person(email="someone@okta.example", name="Someone Already")

    # Okta's connection test.
    listed = call(client, "GET", "/Users?startIndex=1&count=2", token=token)
    assert listed.status_code == 200
    assert listed.json()["itemsPerPage"] == 1 and listed.json()["totalResults"] == 1

    missing = call(
        client,
        "GET",
        '/Users?filter=userName eq "test.user@okta.example"&startIndex=1&count=100',
        token=token,
    )
    assert missing.json()["totalResults"] == 0

    created = call(client, "POST", "/Users", OKTA_USER, token=token)
    assert created.status_code == 201
    person = User.objects.get(email="test.user@okta.example")
    assert person.name == "Test User"
    assert not person.has_usable_password()  # Okta's password is not kept: sign-in is SSO's
    assert person.preferred_language == "en"

    again = call(client, "POST", "/Users", OKTA_USER, token=token)
    assert again.status_code == 409
    assert again.json() == {
        "schemas": [ERROR],
        "status": "409",
        "scimType": "uniqueness",
        "detail": "A person with userName test.user@okta.example already exists.",
    }

    found = call(client, "GET", '/Users?filter=userName eq "test.user@okta.example"', token=token)
    assert found.json()["Resources"][0]["id"] == str(person.code)

    # Okta's PATCH without a path: the value's keys are the attributes.
    updated = call(
        client,
        "PATCH",
        f"/Users/{person.code}",
        {
            "schemas": [PATCH_OP],
            "Operations": [
                {
                    "op": "replace",
                    "value": {
                        "displayName": "Test User-Martin",
                        "title": "Product owner",
                        f"{TANDEM}:grade": 6,
                        f"{TANDEM}:languages": ["fr", "en"],
                    },
                }
            ],
        },
        token=token,
    )
    assert updated.status_code == 200, updated.content
    person.refresh_from_db()
    assert (person.name, person.job_title, person.grade, person.languages) == (
        "Test User-Martin",
        "Product owner",
        6,
        ["fr", "en"],
    )

    deactivated = call(
        client,
        "PATCH",
        f"/Users/{person.code}",
        {"schemas": [PATCH_OP], "Operations": [{"op": "replace", "value": {"active": False}}]},
        token=token,
    )
    assert deactivated.status_code == 200
    person.refresh_from_db()
    assert not person.is_active

    # Okta reactivates someone who comes back.
    reactivated = call(
        client,
        "PATCH",
        f"/Users/{person.code}",
        {"schemas": [PATCH_OP], "Operations": [{"op": "replace", "value": {"active": True}}]},
        token=token,
    )
    assert reactivated.status_code == 200
    person.refresh_from_db()
    assert person.is_active and person.left_on is None
    assert person.directory_events.filter(kind=DirectoryEvent.Kind.RETURNED).exists()
