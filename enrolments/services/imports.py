"""HR's CSV import of a programme's volunteers; enrolments/importing.py reads the file."""

import logging
from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.importing import ImportReport, Problem, Upload
from people.access import check_hr_admin
from people.models import User
from programmes.models import Programme

from .. import importing
from ..models import Enrolment, EnrolmentTopic

logger = logging.getLogger(__name__)
# HR may import volunteers collected elsewhere until the programme starts running.
IMPORTABLE_STATUSES = (
    Programme.Status.DRAFT,
    Programme.Status.ENROLMENT_OPEN,
    Programme.Status.PAIRING,
)


def import_enrolments(*, programme: Programme, data: Upload, by: User | None) -> ImportReport:
    """Enrol everyone in the CSV file (see enrolments/importing.py); if any line is bad, no one.

    Imported volunteers are submitted for review like the others. They have not
    seen the charter in Tandem: they accept it from their “My programmes” page.
    """
    check_hr_admin(by)
    if programme.status not in IMPORTABLE_STATUSES:
        message = _(
            "This programme is “%(status)s”: volunteers can be imported only until it starts."
        ) % {"status": programme.get_status_display()}
        return ImportReport(problems=[Problem(None, "", message)])
    parsed = importing.parse(data, programme=programme)
    if parsed.problems:
        return ImportReport(problems=parsed.problems)
    try:
        with transaction.atomic():
            created = _write_imported(programme, parsed.rows)
    except IntegrityError:
        logger.warning("Enrolment import rolled back on a conflicting change.", exc_info=True)
        message = _(
            "Someone in this file volunteered while it was being imported. Nothing was "
            "imported: please upload the file again to see who."
        )
        return ImportReport(problems=[Problem(None, "", message)])
    logger.info(
        "Enrolment import into %s by %s: %d volunteers.",
        programme.slug,
        by.email if by else "a command",
        created,
    )
    return ImportReport(created=created)


def _write_imported(programme: Programme, rows: Sequence[importing.Row]) -> int:
    now = timezone.now()
    Enrolment.objects.bulk_create(
        Enrolment(
            programme=programme,
            person=row.person,
            role=row.role,
            source=Enrolment.Source.IMPORT,
            motivation=row.motivation,
            languages=row.languages,
            availability=row.availability,
            capacity=row.capacity,
            submitted_at=now,
        )
        for row in rows
    )
    # Read the keys back rather than rely on the backend returning them from a bulk insert.
    pk_of = dict(
        Enrolment.objects.filter(
            programme=programme, person__in=[row.person for row in rows]
        ).values_list("person_id", "pk")
    )
    EnrolmentTopic.objects.bulk_create(
        EnrolmentTopic(
            enrolment_id=pk_of[row.person.pk],
            topic=answer.topic,
            level=answer.level,
            priority=answer.priority,
            confidence=answer.confidence,
        )
        for row in rows
        for answer in row.topics
    )
    return len(rows)
