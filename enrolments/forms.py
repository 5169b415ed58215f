import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from people.directory import ISO_639_1, language_name
from people.forms import MAX_IMPORT_BYTES
from people.models import User
from programmes.models import Programme, Topic

from . import availability
from .models import (
    CONFIDENCE_MAX,
    CONFIDENCE_MIN,
    MOTIVATION_MAX_LENGTH,
    REASON_MAX_LENGTH,
    Enrolment,
    EnrolmentQuerySet,
)
from .services.answers import Answers, TopicAnswer
from .services.reading import topics_in_scope

Role = Enrolment.Role
# Offered as tick boxes to everyone; the person's directory languages are added to them.
COMMON_LANGUAGES = ("fr", "en", "es", "de", "it", "pt", "ar", "nl")
LEVELS = [
    ("", _("Not this one")),
    ("1", _("1 · I know the basics")),
    ("2", _("2 · I use it regularly")),
    ("3", _("3 · I am at ease and can explain it")),
    ("4", _("4 · I am an expert")),
]
PRIORITIES = [
    ("", _("Not this one")),
    ("1", _("1 · my first wish")),
    ("2", _("2 · high")),
    ("3", _("3 · medium")),
    ("4", _("4 · if there is time")),
]
CONFIDENCES = [
    ("", "—"),
    ("1", _("1 · not confident at all")),
    ("2", _("2 · a little")),
    ("3", _("3 · fairly")),
    ("4", _("4 · confident")),
    ("5", _("5 · very confident")),
]
LIST_SEPARATORS = re.compile(r"[\s,;]+")


class TopicChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Topic) -> str:
        return obj.name


class VolunteerForm(forms.Form):
    """Everything a volunteer says, for one programme and one role.

    The topics are one field per topic in scope (`topic_<pk>`, plus
    `confidence_<pk>` for mentees), laid out as a table by the template.
    """

    # Carries the errors about the topics table as a whole (the table is one field per topic).
    topics = forms.CharField(required=False, widget=forms.HiddenInput)
    capacity = forms.TypedChoiceField(
        label=_("How many mentees can you take?"), coerce=int, choices=[]
    )
    return_topics = TopicChoices(
        label="",
        queryset=Topic.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    motivation = forms.CharField(
        label=_("Why do you volunteer?"),
        required=False,
        max_length=MOTIVATION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("A few sentences for HR and, later, for your pair."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you can hold a session in"),
        choices=[],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_languages = forms.CharField(
        label=_("Other languages"),
        required=False,
        help_text=_("Two-letter codes separated by commas, for example “pl, ro”."),
    )
    flexible = forms.BooleanField(
        label=_("I am flexible: any working hour suits me"), required=False
    )
    preferred_mode = forms.ChoiceField(
        label=_("Preferred way of meeting"),
        required=False,
        choices=[("", _("No preference")), *Programme.MeetingMode.choices],
    )
    rather_not = forms.CharField(
        label=_("People you would rather not be paired with"),
        required=False,
        help_text=_(
            "Optional, and seen only by HR. Their email addresses, separated by commas. "
            "Your own manager and reporting line are left out anyway."
        ),
    )
    gender = forms.ChoiceField(
        label=_("Gender (optional)"),
        required=False,
        choices=[("", _("I would rather not answer")), *Enrolment.Gender.choices],
    )
    gender_consent = forms.BooleanField(
        label=_(
            "I agree that Tandem keeps this answer and uses it only to diversify pairs. "
            "Without this consent, it is not stored."
        ),
        required=False,
    )
    accept_charter = forms.BooleanField(
        label=_("I have read the charter and I accept it"), required=False
    )

    def __init__(
        self, *args: Any, programme: Programme, person: User, role: str, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.programme, self.person, self.role = programme, person, role
        self.taught, given_back = topics_in_scope(programme)
        self.is_mentor = role == Role.MENTOR
        self.topic_fields: list[tuple[Topic, str, str | None]] = []
        for topic in self.taught:
            name, confidence = f"topic_{topic.pk}", None
            self.fields[name] = forms.ChoiceField(
                label=topic.name,
                required=False,
                choices=LEVELS if self.is_mentor else PRIORITIES,
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )
            if not self.is_mentor:
                confidence = f"confidence_{topic.pk}"
                self.fields[confidence] = forms.ChoiceField(
                    label=_("Your confidence today on “%(topic)s”") % {"topic": topic.name},
                    required=False,
                    choices=CONFIDENCES,
                    widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
                )
            self.topic_fields.append((topic, name, confidence))

        if self.is_mentor:
            most = programme.max_mentees_per_mentor
            self.fields["capacity"].choices = [(str(n), str(n)) for n in range(1, most + 1)]
            self.fields["capacity"].initial = "1"
            self.fields["capacity"].help_text = _(
                "This programme allows up to %(most)d mentee(s) per mentor."
            ) % {"most": most}
        else:
            del self.fields["capacity"]

        field = self.fields["return_topics"]
        field.queryset = Topic.objects.filter(pk__in=[topic.pk for topic in given_back])
        if self.is_mentor:
            field.label = _("What would you like to learn in return?")
        else:
            field.label = _("What can you give back to your mentor?")
        if not given_back:
            del self.fields["return_topics"]

        codes = list(dict.fromkeys([*COMMON_LANGUAGES, *person.languages]))
        self.fields["languages"].choices = [(code, language_name(code)) for code in codes]
        self.fields["languages"].initial = list(person.languages)

        for key, label, _start, _end in availability.PARTS_OF_DAY:
            self.fields[f"when_{key}"] = forms.MultipleChoiceField(
                label=label,
                required=False,
                choices=[(day, availability.DAY_NAMES[day]) for day in availability.WEEKDAYS],
                widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
            )
        if not programme.has_charter:
            del self.fields["accept_charter"]

    # --- Layout helpers for the template -----------------------------------------

    def topic_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "topic": topic,
                "field": self[name],
                "confidence": self[confidence] if confidence else None,
            }
            for topic, name, confidence in self.topic_fields
        ]

    def availability_rows(self) -> list[dict[str, Any]]:
        return [
            {"label": label, "field": self[f"when_{key}"]}
            for key, label, _start, _end in availability.PARTS_OF_DAY
        ]

    # --- Cleaning -------------------------------------------------------------------

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        self.topic_answers = self._topic_answers(cleaned)
        if not (
            cleaned.get("languages")
            or cleaned.get("other_languages")
            or self.has_error("other_languages")
        ):
            self.add_error("languages", _("Tick at least one language."))
        self.availability = self._availability(cleaned)
        if cleaned.get("gender") and not cleaned.get("gender_consent"):
            self.add_error(
                "gender_consent",
                _(
                    "Tick this box to let Tandem keep your answer, or set the gender back to "
                    "“I would rather not answer”."
                ),
            )
        if "accept_charter" in self.fields and not cleaned.get("accept_charter"):
            self.add_error(
                "accept_charter",
                _("Taking part means accepting the charter: please read it and tick the box."),
            )
        return cleaned

    def _topic_answers(self, cleaned: dict[str, Any]) -> list[TopicAnswer]:
        answers = [
            answer
            for topic, name, confidence in self.topic_fields
            if (answer := self._topic_answer(topic, cleaned.get(name), confidence, cleaned))
        ]
        if not answers and not any(
            self.has_error(confidence) for _t, _n, confidence in self.topic_fields if confidence
        ):
            self.add_error(
                "topics",
                _("Choose at least one topic you can teach.")
                if self.is_mentor
                else _("Choose at least one topic you want to learn."),
            )
        return answers

    def _topic_answer(
        self, topic: Topic, value: str | None, confidence_name: str | None, cleaned: dict[str, Any]
    ) -> TopicAnswer | None:
        """A mentor's level, or a mentee's priority with their confidence; None if not picked."""
        confidence = cleaned.get(confidence_name) if confidence_name else None
        if not value:
            if confidence:
                self.add_error(
                    confidence_name,
                    _("Give “%(topic)s” a priority too, or clear your confidence.")
                    % {"topic": topic.name},
                )
            return None
        if self.is_mentor:
            return TopicAnswer(topic=topic, level=int(value))
        if not confidence:
            self.add_error(
                confidence_name,
                _("How confident do you feel about “%(topic)s” today? From %(min)d to %(max)d.")
                % {"topic": topic.name, "min": CONFIDENCE_MIN, "max": CONFIDENCE_MAX},
            )
            return None
        return TopicAnswer(topic=topic, priority=int(value), confidence=int(confidence))

    def _availability(self, cleaned: dict[str, Any]) -> dict[str, Any]:
        slots = [
            (day, start, end)
            for key, _label, start, end in availability.PARTS_OF_DAY
            for day in cleaned.get(f"when_{key}") or []
        ]
        if cleaned.get("flexible"):
            if slots:
                self.add_error(
                    "flexible",
                    _("Either tick the times that suit you, or say that you are flexible."),
                )
            return availability.flexible()
        if not slots:
            self.add_error(
                "flexible", _("Tick the times that suit you, or say that you are flexible.")
            )
            return availability.flexible()
        return availability.from_slots(slots)

    def clean_other_languages(self) -> list[str]:
        codes = LIST_SEPARATORS.split(self.cleaned_data["other_languages"])
        codes = [code.strip().lower() for code in codes if code.strip()]
        unknown = [code for code in codes if code not in ISO_639_1]
        if unknown:
            raise forms.ValidationError(
                _("Not two-letter language codes: %(codes)s.") % {"codes": ", ".join(unknown)}
            )
        return codes

    def clean_rather_not(self) -> list[User]:
        emails = {
            email.lower()
            for email in LIST_SEPARATORS.split(self.cleaned_data["rather_not"])
            if email.strip()
        }
        if not emails:
            return []
        people = list(User.objects.filter(email__in=emails, is_active=True))
        unknown = emails - {person.email.lower() for person in people}
        if unknown:
            raise forms.ValidationError(
                _("Nobody in Tandem has these addresses: %(emails)s.")
                % {"emails": ", ".join(sorted(unknown))}
            )
        if any(person.pk == self.person.pk for person in people):
            raise forms.ValidationError(_("You cannot avoid being paired with yourself."))
        return people

    def answers(self) -> Answers:
        data = self.cleaned_data
        languages = list(dict.fromkeys([*data.get("languages", []), *data["other_languages"]]))
        return Answers(
            topics=self.topic_answers,
            return_topics=list(data.get("return_topics") or []),
            capacity=data.get("capacity") if self.is_mentor else None,
            motivation=data.get("motivation", ""),
            languages=languages,
            availability=self.availability,
            preferred_mode=data.get("preferred_mode", ""),
            rather_not=data["rather_not"],
            gender=data.get("gender", "") if data.get("gender_consent") else "",
            gender_consent=bool(data.get("gender_consent") and data.get("gender")),
        )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are you withdrawing? (optional)"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("HR sees your reason; it helps them improve the programme."),
    )


DECISION_CHOICES = [
    (Enrolment.Status.APPROVED, _("Approve")),
    (Enrolment.Status.WAITLISTED, _("Put on the waiting list")),
    (Enrolment.Status.DECLINED, _("Decline")),
]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=DECISION_CHOICES, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Message to the volunteer"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required to decline: the reason is sent to the person in their email."),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if (
            cleaned.get("decision") == Enrolment.Status.DECLINED
            and not (cleaned.get("reason") or "").strip()
        ):
            self.add_error("reason", _("Say why: the reason is sent to the person in their email."))
        return cleaned


class BulkDecisionForm(DecisionForm):
    enrolments = forms.ModelMultipleChoiceField(
        queryset=Enrolment.objects.none(),
        to_field_name="code",
        widget=forms.MultipleHiddenInput,
        error_messages={
            "required": _("Tick at least one volunteer."),
            "invalid_choice": _("Some of these volunteers are not in this programme."),
            "invalid_pk_value": _("Some of these volunteers are not in this programme."),
        },
    )

    def __init__(self, *args: Any, enrolments: EnrolmentQuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["enrolments"].queryset = enrolments


class ReviewFilterForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Role"), required=False, choices=[("", _("All roles")), *Role.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *Enrolment.Status.choices],
    )
    topic = forms.ModelChoiceField(
        label=_("Topic"),
        required=False,
        queryset=Topic.objects.none(),
        to_field_name="slug",
        empty_label=_("All topics"),
    )

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        taught, _given_back = topics_in_scope(programme)
        self.fields["topic"].queryset = Topic.objects.filter(pk__in=[t.pk for t in taught])
        self.fields["topic"].label_from_instance = lambda topic: topic.name

    def filter(self, enrolments: EnrolmentQuerySet) -> EnrolmentQuerySet:
        """The enrolments that match the filters given; all of them when the filters are wrong."""
        if not self.is_valid():
            return enrolments
        data = self.cleaned_data
        if data["role"]:
            enrolments = enrolments.filter(role=data["role"])
        if data["status"]:
            enrolments = enrolments.filter(status=data["status"])
        if data["topic"]:
            enrolments = enrolments.filter(topic_rows__topic=data["topic"])
        return enrolments


class EnrolmentImportForm(forms.Form):
    file = forms.FileField(
        label=_("Volunteers file (CSV)"),
        help_text=_(
            "Saved as “CSV UTF-8 (comma delimited)”, with the columns described on this page."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)d MB.") % {"size": MAX_IMPORT_BYTES // 2**20}
            )
        return upload
