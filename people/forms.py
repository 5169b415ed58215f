import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from common.importing import SharedFields, is_email, too_long, whole

from . import timezones
from .directory import ISO_639_1, generation_for
from .models import GRADE_MAX, GRADE_MIN, User

MAX_IMPORT_BYTES = 20 * 1024 * 1024
LANGUAGE_SEPARATOR = ";"
OLDEST_BIRTH_YEAR = 1900
YOUNGEST_WORKING_AGE = 14
PREFERRED_LANGUAGES = tuple(User.Language.values)
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class SignupForm(forms.Form):
    """The extra field of allauth's sign-up form (allauth's own fields follow)."""

    name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    field_order = ["name", "email", "password1", "password2"]

    def signup(self, request: HttpRequest, user: User) -> None:
        """allauth's hook; AccountAdapter.save_user has already saved the name."""


class ZoneSelect(forms.Select):
    """The zones' select: each option also carries the old names the search box finds it by
    (`data-also="Montreal"` on Toronto), read by static/js/zone-search.js."""

    def create_option(
        self,
        name: str,
        value: Any,
        label: Any,
        selected: bool,
        index: int,
        subindex: int | None = None,
        attrs: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        also = timezones.search_words(str(value))
        if also:
            option["attrs"]["data-also"] = also
        return option


class ProfileForm(forms.ModelForm):
    """Name, language and time zone. The zones: today's, grouped by region, those of the
    person's site's country first (people/timezones.py), searched by a box above them."""

    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        widget=ZoneSelect,
        help_text=_("Sessions, reminders and calendar invitations are shown in this zone."),
    )

    class Meta:
        model = User
        fields = ["name", "preferred_language", "time_zone"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = timezones.choices(
            country=str(self.instance.country or ""), current=self.instance.time_zone
        )


class DirectoryImportForm(forms.Form):
    file = forms.FileField(
        label=_("Directory file (CSV)"),
        help_text=_(
            "Saved as “CSV UTF-8 (comma delimited)”, with the columns described on this page."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    send_invitations = forms.BooleanField(
        label=_("Email an invitation to the people this file adds"), required=False, initial=True
    )
    full = forms.BooleanField(
        label=_("This file is the whole directory: people missing from it have left"),
        help_text=_(
            "Their leaving is recorded with today's date and they can no longer sign in. "
            "Leave unticked to add or update some people only."
        ),
        required=False,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)d MB.") % {"size": MAX_IMPORT_BYTES // 2**20}
            )
        return upload


class LanguageForm(forms.Form):
    language = forms.ChoiceField(choices=settings.LANGUAGES)
    next = forms.CharField(required=False)


# --- A line of the directory file (people/importing.py) ---------------------------


class Cell(forms.Field):
    """A column of the file, its value already stripped; missing says what a required one lacks."""

    def __init__(self, *, missing: str = "", max_length: int | None = None, **kwargs) -> None:
        validators = [_at_most(max_length)] if max_length else []
        super().__init__(
            required=bool(missing),
            validators=validators + kwargs.pop("validators", []),
            error_messages={"required": missing} if missing else None,
            **kwargs,
        )

    def clean(self, value: str) -> str:
        # Django's steps less its conversion: a cell is a stripped string already.
        if not value:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return value
        self.run_validators(value)
        return value


def _at_most(limit: int) -> Callable[[str], None]:
    def validate(value: str) -> None:
        if message := too_long(value, limit):
            raise ValidationError(message)

    return validate


def _an_email(value: str) -> None:
    if not is_email(value.lower()):
        raise ValidationError(_("“%(value)s” is not an email address.") % {"value": value})


class DirectoryLine(forms.Form):
    """One line of the directory file, column by column, with messages for HR."""

    email = Cell(
        missing=_("The email address is missing."),
        max_length=254,
        validators=[_an_email],
    )
    name = Cell(
        missing=_("The name is missing."),
        max_length=User._meta.get_field("name").max_length,
    )
    department = Cell(max_length=120)
    job_title = Cell(max_length=User._meta.get_field("job_title").max_length)
    grade = Cell()
    manager_email = Cell()
    hired_on = Cell()
    birth_year = Cell()
    site = Cell(max_length=User._meta.get_field("site").max_length)
    country = Cell()
    languages = Cell()
    preferred_language = Cell()

    def __init__(self, cells: Mapping[str, str], *, today: date) -> None:
        super().__init__(cells, label_suffix="")  # no labels: spares a translation per line
        self.today = today

    def _clean_fields(self) -> None:
        # Django's own, less the widgets and bound fields a page needs: cells are plain
        # strings, and a file has ten thousand lines (bench/import_people.py).
        cleaners = type(self).__dict__
        for name, field in self.fields.items():
            try:
                self.cleaned_data[name] = field.clean(self.data[name])
                if clean := cleaners.get(f"clean_{name}"):
                    self.cleaned_data[name] = clean(self)
            except ValidationError as error:
                self.add_error(name, error)

    def clean_email(self) -> str:
        return self.cleaned_data["email"].lower()

    def clean_grade(self) -> int | None:
        value = self.cleaned_data["grade"]
        if not value:
            return None
        grade = whole(value, GRADE_MIN, GRADE_MAX)
        if grade is None:
            raise ValidationError(
                _("The grade must be a whole number from %(min)d to %(max)d, not “%(value)s”.")
                % {"min": GRADE_MIN, "max": GRADE_MAX, "value": value}
            )
        return grade

    def clean_manager_email(self) -> str:
        value = self.cleaned_data["manager_email"]
        manager_email = value.lower()
        if manager_email and not is_email(manager_email):
            raise ValidationError(_("“%(value)s” is not an email address.") % {"value": value})
        if manager_email and manager_email == self.data["email"].lower():
            raise ValidationError(_("A person cannot be their own manager."))
        return manager_email

    def clean_hired_on(self) -> date | None:
        value = self.cleaned_data["hired_on"]
        if not value:
            return None
        hired_on = _parse_date(value)
        if hired_on is None:
            raise ValidationError(
                _("“%(value)s” is not a date. Write dates as YYYY-MM-DD, for example 2021-09-01.")
                % {"value": value}
            )
        if hired_on > self.today:
            raise ValidationError(_("The hire date is in the future."))
        return hired_on

    def clean_birth_year(self) -> str:
        """The generation band: the year itself goes no further than this method."""
        value = self.cleaned_data["birth_year"]
        if not value:
            return ""
        youngest = self.today.year - YOUNGEST_WORKING_AGE
        birth_year = whole(value, OLDEST_BIRTH_YEAR, youngest)
        if birth_year is None:
            raise ValidationError(
                _(
                    "The birth year must be a year from %(oldest)d to %(youngest)d, "
                    "not “%(value)s” (leave it empty if unknown)."
                )
                % {"oldest": OLDEST_BIRTH_YEAR, "youngest": youngest, "value": value}
            )
        return generation_for(birth_year).value

    def clean_country(self) -> str:
        value = self.cleaned_data["country"]
        country = value.upper()
        if country and (len(country) != 2 or country not in countries):
            raise ValidationError(
                _(
                    "“%(value)s” is not a country code. Use the two-letter code, for example FR "
                    "or GB."
                )
                % {"value": value}
            )
        return country

    def clean_languages(self) -> list[str]:
        return language_codes(self.cleaned_data["languages"])

    def clean_preferred_language(self) -> str:
        value = self.cleaned_data["preferred_language"]
        language = value.lower() or User.Language.ENGLISH
        if language not in PREFERRED_LANGUAGES:
            raise ValidationError(
                _(
                    "The preferred language must be %(choices)s (or empty for English), "
                    "not “%(value)s”."
                )
                % {"choices": " / ".join(PREFERRED_LANGUAGES), "value": value}
            )
        return language


# A form copies its fields, so that it may change its own; the cells keep no state, and
# the ten thousand lines of a file share them.
DirectoryLine.base_fields = SharedFields(DirectoryLine.base_fields)


def language_codes(value: str) -> list[str]:
    """The two-letter codes of a cell, separated by semicolons; a ValidationError names each
    wrong one (the enrolments import reads its languages column the same way)."""
    languages: list[str] = []
    errors: list[str] = []
    for code in value.split(LANGUAGE_SEPARATOR):
        code = code.strip().lower()
        if not code or code in languages:
            continue
        if code in ISO_639_1:
            languages.append(code)
        elif "," in code or " " in code:
            errors.append(
                _("Separate languages with a semicolon, for example “fr;en”, not “%(value)s”.")
                % {"value": value}
            )
            break
        else:
            errors.append(
                _(
                    "“%(value)s” is not a language code. Use two-letter ISO 639-1 codes, "
                    "for example fr, en, es."
                )
                % {"value": code}
            )
    if errors:
        raise ValidationError(errors)
    return languages


def _parse_date(value: str) -> date | None:
    if not ISO_DATE.match(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None
