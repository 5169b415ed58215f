from programmes import querysets
from programmes.models import Programme


def test_the_querysets_name_the_enrolment_status_as_the_model_does() -> None:
    assert querysets.ENROLMENT_OPEN == Programme.Status.ENROLMENT_OPEN
