"""Forms of the meetings app: they validate; the services decide.

Dates and times are typed in the member's own time zone (their profile) and turned into
UTC instants here, refusing a time the clocks skip.
"""

from datetime import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.dates import DateField
from pairing.models import Pair
from people import timezones
from people.models import User

from . import services
from .models import (
    DURATION_MAX,
    DURATION_MIN,
    RATING_MAX,
    RATING_MIN,
    REASON_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    Agreement,
    Mode,
)

HTTPS_ONLY = URLValidator(schemes=["https"], message=_("Enter a link that starts with https://."))
SESSION_FIELDS = ("starts_at", "duration_minutes", "mode", "place", "video_link")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self) -> None:
        super().__init__(format="%H:%M")


class WhenForm(forms.Form):
    """A date and a time in the member's zone, a length, a mode and a place."""

    day = DateField(label=_("Date"), widget=DateInput())
    at = forms.TimeField(label=_("Time"), widget=TimeInput())
    duration_minutes = forms.IntegerField(
        label=_("Length (minutes)"), min_value=DURATION_MIN, max_value=DURATION_MAX, initial=60
    )
    mode = forms.ChoiceField(label=_("How you meet"), choices=Mode.choices, initial=Mode.VIDEO)
    place = forms.CharField(
        label=_("Place or link"),
        max_length=200,
        required=False,
        help_text=_("A room or an address. It goes into the calendar invitation."),
    )
    video_link = forms.URLField(
        label=_("Video link"),
        max_length=500,
        required=False,
        assume_scheme="https",
        validators=[HTTPS_ONLY],
        help_text=_(
            "The meeting's https:// address (Teams, Zoom, Meet…). Both of you see it on your "
            "pair's page and in the invitation."
        ),
    )

    def __init__(self, *args, person: User, **kwargs) -> None:
        self.zone = services.zone_of(person)
        super().__init__(*args, **kwargs)
        self.fields["at"].help_text = _("In your time zone, %(zone)s.") % {
            "zone": timezones.label(self.zone.key)
        }

    def when(self) -> datetime | None:
        """The UTC instant of the date and time, or None (and an error on the time)."""
        day, at = self.cleaned_data.get("day"), self.cleaned_data.get("at")
        if day is None or at is None:
            return None
        try:
            return services.at_local_time(day, at, self.zone)
        except ValidationError as error:
            self.add_error("at", error)
            return None

    def clean(self) -> dict:
        cleaned = super().clean()
        cleaned["starts_at"] = self.when()
        return cleaned

    def initial_from(self, starts_at: datetime) -> dict:
        local = timezone.localtime(starts_at, self.zone)
        return {"day": local.date(), "at": local.time().replace(second=0, microsecond=0)}


class FutureWhenForm(WhenForm):
    def clean(self) -> dict:
        cleaned = super().clean()
        starts_at = cleaned.get("starts_at")
        if starts_at is not None and starts_at <= timezone.now():
            self.add_error("day", _("Choose a time to come. To record a past session, log it."))
        return cleaned

    def session(self) -> dict[str, Any]:
        """When, how long, how and where, as add_meeting and reschedule_meeting take them."""
        return {name: self.cleaned_data[name] for name in SESSION_FIELDS}


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it cancelled?"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Your pair reads it. HR does not."),
    )


class LogForm(WhenForm):
    """What happened: when, how long, how, what was covered; and one's personal journal."""

    place = None  # where it was held matters to no one afterwards
    video_link = None

    topics = forms.ModelMultipleChoiceField(
        label=_("Topics covered"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    takeaways = forms.CharField(
        label=_("Shared takeaways"),
        max_length=TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What you both keep from this session. The two of you read it; HR does not."),
    )
    next_steps = forms.CharField(
        label=_("Next steps"),
        max_length=TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    journal = forms.CharField(
        label=_("Your personal journal"),
        max_length=TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Only you read it: not your partner, not HR, not an executive, in no export or "
            "report. It is in your own data download."
        ),
    )

    def __init__(self, *args, pair: Pair, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["day"].label = _("Date held")
        self.fields["duration_minutes"].label = _("Duration (minutes)")
        self.fields["topics"].queryset = pair.programme.topics.all()

    def clean(self) -> dict:
        cleaned = super().clean()
        starts_at = cleaned.get("starts_at")
        if starts_at is not None and starts_at > timezone.now():
            self.add_error("day", _("This session has not happened yet: log it once it is held."))
        return cleaned


class JournalForm(forms.Form):
    text = forms.CharField(
        label=_("Your personal journal"),
        max_length=TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Only you read it: not your partner, not HR, not an executive. Leave it empty to "
            "delete it."
        ),
    )


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How useful was this session for you?"),
        choices=[(n, str(n)) for n in range(RATING_MIN, RATING_MAX + 1)],
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("1: not useful, 5: very useful."),
    )
    learned = forms.CharField(
        label=_("What did you learn?"),
        max_length=TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    taught = forms.CharField(
        label=_("What did you teach?"),
        max_length=TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AgreementForm(forms.ModelForm):
    class Meta:
        model = Agreement
        fields = list(services.AGREEMENT_FIELDS)
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in ("mentor_learns", "mentor_teaches", "mentee_learns", "mentee_teaches")
        }

    def __init__(self, *args, pair: Pair, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        mentor, mentee = pair.mentor_person.name, pair.mentee_person.name
        labels = {
            "mentor_teaches": _("What %(name)s (mentor) will teach"),
            "mentor_learns": _("What %(name)s (mentor) wants to learn in return"),
            "mentee_learns": _("What %(name)s (mentee) wants to learn"),
            "mentee_teaches": _("What %(name)s (mentee) will give back"),
        }
        for field, label in labels.items():
            name = mentor if field.startswith("mentor") else mentee
            self.fields[field].label = label % {"name": name}


class ExitForm(forms.Form):
    reason = forms.CharField(
        label=_("What is not working?"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only HR reads it. Your partner does not see your request or your reason."),
    )


class ClosureForm(forms.Form):
    first_day = DateField(label=_("From"), widget=DateInput())
    last_day = DateField(label=_("To (included)"), widget=DateInput())
    label = forms.CharField(
        label=_("What it is"),
        max_length=100,
        required=False,
        help_text=_("For example: end-of-year closure."),
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        first, last = cleaned.get("first_day"), cleaned.get("last_day")
        if first and last and last < first:
            self.add_error("last_day", _("The last day comes on or after the first."))
        return cleaned
