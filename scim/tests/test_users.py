"""SCIM Users: the directory's checks answered in SCIM's error format, filters and pages."""

import pytest

from people.models import User
from people.testing import make_person
from scim.protocol import ENTERPRISE, ERROR, PATCH_OP, TANDEM, USER
from scim.testing import call, make_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def token(db) -> str:
    return make_token()


def person_body(email: str, **extra) -> dict:
    return {
        "schemas": [USER, ENTERPRISE, TANDEM],
        "userName": email,
        "displayName": email.split("@")[0],
        **extra,
    }


def assert_scim_error(answer, status: int, scim_type: str, words: str) -> None:
    assert answer.status_code == status
    body = answer.json()
    assert body["schemas"] == [ERROR] and body["status"] == str(status)
    assert body["scimType"] == scim_type
    assert words in body["detail"]


def test_a_manager_who_is_not_in_tandem_is_refused(client, token):
    answer = call(
        client,
        "POST",
        "/Users",
        person_body(
            "lea@example.com",
            **{ENTERPRISE: {"manager": {"value": "4a1b6cd1-5d32-4b41-8a4e-1f6a3e2f8b10"}}},
        ),
        token=token,
    )
    assert_scim_error(answer, 400, "invalidValue", "is not in Tandem")
    assert not User.objects.filter(email="lea@example.com").exists()


def test_a_circle_in_the_reporting_lines_is_refused(client, token):
    boss = make_person(email="boss@example.com", name="Big Boss")
    deputy = make_person(email="deputy@example.com", name="Deputy", manager=boss)

    answer = call(
        client,
        "PATCH",
        f"/Users/{boss.code}",
        {
            "schemas": [PATCH_OP],
            "Operations": [
                {"op": "replace", "path": f"{ENTERPRISE}:manager", "value": str(deputy.code)}
            ],
        },
        token=token,
    )
    assert_scim_error(answer, 400, "invalidValue", "round in a circle")
    boss.refresh_from_db()
    assert boss.manager is None


@pytest.mark.parametrize(
    ("extension", "words"),
    [
        ({"grade": 42}, "The grade must be a whole number from 1 to 20"),
        ({"languages": ["fr", "klingon"]}, "is not a language code"),
        ({"hireDate": "2999-01-01T00:00:00Z"}, "The hire date is in the future"),
    ],
)
def test_values_the_directory_import_refuses_are_refused_the_same_way(
    client, token, extension, words
):
    answer = call(
        client, "POST", "/Users", person_body("sam@example.com", **{TANDEM: extension}), token=token
    )
    assert_scim_error(answer, 400, "invalidValue", words)
    assert not User.objects.filter(email="sam@example.com").exists()


def test_a_user_name_that_is_not_an_email_is_refused(client, token):
    answer = call(client, "POST", "/Users", {"schemas": [USER], "userName": "jdoe"}, token=token)
    assert_scim_error(answer, 400, "invalidValue", "is not an email address")


def test_a_patch_is_all_or_nothing(client, token):
    person = make_person(email="noor@example.com", name="Noor", grade=5)
    answer = call(
        client,
        "PATCH",
        f"/Users/{person.code}",
        {
            "schemas": [PATCH_OP],
            "Operations": [
                {"op": "replace", "path": "title", "value": "Analyst"},
                {"op": "replace", "path": f"{TANDEM}:grade", "value": 0},
            ],
        },
        token=token,
    )
    assert answer.status_code == 400
    person.refresh_from_db()
    assert (person.job_title, person.grade) == ("", 5)


def test_an_unknown_attribute_or_filter_is_refused(client, token):
    person = make_person(email="ana@example.com")
    assert_scim_error(
        call(
            client,
            "PATCH",
            f"/Users/{person.code}",
            {"Operations": [{"op": "replace", "path": "nickName", "value": "A"}]},
            token=token,
        ),
        400,
        "invalidPath",
        "nickName",
    )
    assert_scim_error(
        call(client, "GET", '/Users?filter=nickName eq "A"', token=token),
        400,
        "invalidFilter",
        "nickName",
    )
    assert_scim_error(
        call(client, "GET", "/Users?filter=userName eq", token=token),
        400,
        "invalidFilter",
        "cannot be read",
    )


def test_pages_of_users(client, token):
    for number in range(7):
        make_person(email=f"p{number}@example.com")

    first = call(client, "GET", "/Users?startIndex=1&count=3", token=token).json()
    third = call(client, "GET", "/Users?startIndex=7&count=3", token=token).json()
    assert (first["totalResults"], first["itemsPerPage"], first["startIndex"]) == (7, 3, 1)
    assert (third["itemsPerPage"], third["startIndex"]) == (1, 7)
    ids = {user["id"] for user in first["Resources"]} | {user["id"] for user in third["Resources"]}
    assert len(ids) == 4
    filtered = call(
        client, "GET", '/Users?filter=userName sw "p1" or userName sw "p2"', token=token
    ).json()
    assert sorted(user["userName"] for user in filtered["Resources"]) == [
        "p1@example.com",
        "p2@example.com",
    ]


def test_listing_reads_a_fixed_number_of_queries(client, token, django_assert_max_num_queries):
    boss = make_person(email="boss@example.com")
    for number in range(30):
        make_person(email=f"p{number}@example.com", manager=boss)
    with django_assert_max_num_queries(12):
        answer = call(client, "GET", "/Users?count=100", token=token)
    assert answer.json()["itemsPerPage"] == 31


def test_discovery_endpoints(client, token):
    config = call(client, "GET", "/ServiceProviderConfig", token=token).json()
    assert config["patch"]["supported"] and config["filter"]["supported"]
    assert not config["bulk"]["supported"]
    types = call(client, "GET", "/ResourceTypes", token=token).json()
    assert [item["id"] for item in types["Resources"]] == ["User", "Group"]
    schemas = call(client, "GET", "/Schemas", token=token).json()
    assert USER in [item["id"] for item in schemas["Resources"]]
    assert call(client, "GET", f"/Schemas/{TANDEM}", token=token).json()["name"] == "TandemUser"
