"""HR edits one person's directory entry, with the CSV import's own checks.

The form's cells go through `people.forms.DirectoryLine`, the form that checks a line
of the import, so that a grade of 25 or a country of "France" is refused with the same
words on the page as in a file. What only the import's whole file knew (the manager
exists, the reporting lines make no circle, the address is nobody else's) is checked
here against the database.
"""

from typing import Any

from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.models import Entry
from audit.recording import record
from people.access import check_hr_admin
from people.forms import DirectoryLine
from people.models import Department, User

# Fields the trail records with their values; the others (name, email, site...) are
# recorded by name only, so that the append-only table holds no personal text.
VALUES_RECORDED = {"grade", "preferred_language", "country", "hired_on", "generation"}
EDITED = (
    "email",
    "name",
    "department",
    "job_title",
    "grade",
    "manager",
    "hired_on",
    "generation",
    "site",
    "country",
    "languages",
    "preferred_language",
)


class PersonForm(forms.Form):
    """The directory's columns, as HR types them in the import file."""

    email = forms.CharField(label=gettext_lazy("Email address"), required=False)
    name = forms.CharField(label=gettext_lazy("Name"), required=False)
    department = forms.CharField(label=gettext_lazy("Department"), required=False)
    job_title = forms.CharField(label=gettext_lazy("Job title"), required=False)
    grade = forms.CharField(
        label=gettext_lazy("Grade"),
        required=False,
        help_text=gettext_lazy("1 to 20, higher is more senior."),
    )
    manager_email = forms.CharField(label=gettext_lazy("Manager's email address"), required=False)
    hired_on = forms.CharField(
        label=gettext_lazy("Hire date"), required=False, help_text=gettext_lazy("YYYY-MM-DD")
    )
    birth_year = forms.CharField(
        label=gettext_lazy("Birth year"),
        required=False,
        help_text=gettext_lazy(
            "Optional: only turned into a generation band, never stored. Leave empty to keep "
            "the current band."
        ),
    )
    site = forms.CharField(label=gettext_lazy("Site"), required=False)
    country = forms.CharField(
        label=gettext_lazy("Country"),
        required=False,
        help_text=gettext_lazy("Two letters: FR, GB…"),
    )
    languages = forms.CharField(
        label=gettext_lazy("Languages spoken"),
        required=False,
        help_text=gettext_lazy("Two-letter codes separated by semicolons: fr;en"),
    )
    preferred_language = forms.ChoiceField(
        label=gettext_lazy("Preferred language"), choices=User.Language.choices
    )

    def __init__(self, *args: Any, person: User, **kwargs: Any) -> None:
        kwargs.setdefault("initial", initial_for(person))
        super().__init__(*args, **kwargs)
        self.person = person

    def clean(self) -> dict[str, Any]:
        cells = {
            name: str(self.cleaned_data.get(name) or "").strip()
            for name in DirectoryLine.base_fields
        }
        line = DirectoryLine(cells, today=timezone.localdate())
        if not line.is_valid():
            for name, messages in line.errors.items():
                for message in messages:
                    self.add_error(name if name in self.fields else None, message)
            return self.cleaned_data
        values = dict(line.cleaned_data)
        self._check_against_directory(values)
        self.values = values
        return self.cleaned_data

    def _check_against_directory(self, values: dict[str, Any]) -> None:
        others = User.objects.exclude(pk=self.person.pk)
        if others.filter(email__iexact=values["email"]).exists():
            self.add_error("email", _("Someone else in Tandem already has this address."))
        manager_email = values["manager_email"]
        if not manager_email:
            values["manager"] = None
            return
        manager = others.filter(email__iexact=manager_email).first()
        if manager is None:
            self.add_error(
                "manager_email",
                _("The manager “%(email)s” is not in Tandem.") % {"email": manager_email},
            )
            return
        if self._reports_to_person(manager):
            self.add_error(
                "manager_email",
                _(
                    "%(manager)s reports to %(name)s, directly or not: the reporting lines "
                    "would go round in a circle."
                )
                % {"manager": manager.name, "name": self.person.name},
            )
        values["manager"] = manager

    def _reports_to_person(self, manager: User) -> bool:
        """Walks up from the new manager; one query per level (reporting lines are short)."""
        seen: set[int] = set()
        current: int | None = manager.pk
        while current is not None and current not in seen:
            if current == self.person.pk:
                return True
            seen.add(current)
            current = User.objects.filter(pk=current).values_list("manager_id", flat=True).first()
        return False


def initial_for(person: User) -> dict[str, Any]:
    return {
        "email": person.email,
        "name": person.name,
        "department": person.department.name if person.department else "",
        "job_title": person.job_title,
        "grade": person.grade or "",
        "manager_email": person.manager.email if person.manager else "",
        "hired_on": person.hired_on.isoformat() if person.hired_on else "",
        "site": person.site,
        "country": str(person.country or ""),
        "languages": ";".join(person.languages),
        "preferred_language": person.preferred_language,
    }


@transaction.atomic
def update_person(*, person: User, values: dict[str, Any], by: User | None) -> list[str]:
    """Write the checked values; returns the fields that changed (audited)."""
    check_hr_admin(by)
    person = User.objects.select_for_update().get(pk=person.pk)
    department = None
    if values["department"]:
        department, _created = Department.objects.get_or_create(name=values["department"])
    new = {
        "email": values["email"],
        "name": values["name"],
        "department": department,
        "job_title": values["job_title"],
        "grade": values["grade"],
        "manager": values["manager"],
        "hired_on": values["hired_on"],
        "generation": values["birth_year"] or person.generation,
        "site": values["site"],
        "country": values["country"],
        "languages": values["languages"],
        "preferred_language": values["preferred_language"],
    }
    changes: dict[str, list[Any]] = {}
    changed: list[str] = []
    for field in EDITED:
        before = getattr(person, field)
        if str(before or "") == str(new[field] or ""):
            continue
        changed.append(field)
        if field in VALUES_RECORDED:
            changes[field] = [_plain(before), _plain(new[field])]
        setattr(person, field, new[field])
    if not changed:
        return []
    person.save(update_fields=changed)
    if "email" in changed:
        _move_login_address(person)
    record(
        Entry.Kind.PERSON_EDITED,
        by=by,
        person=person,
        target=person,
        changes=changes,
        details={"fields": changed},
    )
    return changed


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, (int, str, bool)):
        return value
    return str(value)


def _move_login_address(person: User) -> None:
    """allauth signs in by its own address rows: the new address replaces the old one,
    unverified until the person confirms it."""
    from allauth.account.models import EmailAddress

    EmailAddress.objects.filter(user=person).delete()
    EmailAddress.objects.create(user=person, email=person.email, primary=True, verified=False)
