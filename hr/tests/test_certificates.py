import base64
import io
import re
import zipfile
import zlib

import pytest
from django.urls import reverse

from audit.models import Entry
from evaluation.models import Completion, EvaluationSettings
from meetings.testing import make_held_meeting, make_pair, make_running_programme
from people.testing import make_person
from programmes.models import Programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(hr_admin, executive, mentor, mentee):
    programme = make_running_programme(hr_admin=hr_admin, executive=executive)
    EvaluationSettings.objects.create(
        programme=programme, certificate_min_sessions=2, certificate_needs_final_review=False
    )
    pair = make_pair(programme=programme, mentor=mentor, mentee=mentee)
    for days in (30, 10):
        make_held_meeting(pair, days_ago=days)
    other = make_pair(
        programme=programme,
        mentor=make_person(name="Léo Court", grade=2),
        mentee=make_person(name="Anne Brève", grade=14),
    )
    make_held_meeting(other, days_ago=5)
    return programme


def test_while_it_runs_the_register_says_who_is_on_track_and_what_is_missing(
    client, hr_admin, programme
):
    client.force_login(hr_admin)
    page = client.get(reverse("hr:certificates", args=[programme.code])).content.decode()
    assert "2 of 4 participants have earned a certificate." in page
    assert "Not yet; missing: 1 more session held" in page


def _complete(programme):
    from evaluation.services.closing import close_programme

    Programme.objects.filter(pk=programme.pk).update(status=Programme.Status.COMPLETED)
    programme.refresh_from_db()
    close_programme(programme=programme)


def test_hr_downloads_one_certificate_and_all_of_them(client, hr_admin, programme, mentee):
    _complete(programme)
    client.force_login(hr_admin)
    completion = Completion.objects.get(enrolment__person=mentee)
    one = client.get(reverse("hr:certificate", args=[programme.code, completion.code]))
    assert one["Content-Type"] == "application/pdf"
    assert one.content.startswith(b"%PDF")

    archive = client.get(reverse("hr:certificates_zip", args=[programme.code]))
    names = zipfile.ZipFile(io.BytesIO(archive.content)).namelist()
    assert len(names) == 2
    assert all(name.endswith(".pdf") for name in names)
    assert Entry.objects.filter(kind=Entry.Kind.EXPORT_DOWNLOADED, actor=hr_admin).count() == 2


def test_after_a_name_change_the_certificate_is_issued_under_the_new_name(
    client, hr_admin, programme, mentee
):
    _complete(programme)
    mentee.name = "Marc Senior-Nouveau"
    mentee.save()
    client.force_login(hr_admin)
    completion = Completion.objects.get(enrolment__person=mentee)
    response = client.get(reverse("hr:certificate", args=[programme.code, completion.code]))
    assert "senior-nouveau" in response["Content-Disposition"]
    assert "Marc Senior-Nouveau" in _pdf_text(response.content)


def _pdf_text(pdf: bytes) -> str:
    """The text drawn on the page: reportlab's content streams, inflated."""
    texts = []
    for stream in re.findall(rb"stream\r?\n(.*?)\s*endstream", pdf, re.S):
        for decode in (
            lambda raw: zlib.decompress(base64.a85decode(raw, adobe=True)),
            zlib.decompress,
        ):
            try:
                texts.append(decode(stream).decode("latin-1"))
                break
            except Exception:  # noqa: BLE001, S112 - not this encoding
                continue
    return "".join(texts)


def test_a_certificate_not_earned_cannot_be_downloaded(client, hr_admin, programme):
    _complete(programme)
    client.force_login(hr_admin)
    missed = Completion.objects.get(enrolment__person__name="Léo Court")
    url = reverse("hr:certificate", args=[programme.code, missed.code])
    assert client.get(url).status_code == 404


def test_only_hr_reads_the_register(client, executive, programme):
    client.force_login(executive)
    assert client.get(reverse("hr:certificates", args=[programme.code])).status_code == 404
