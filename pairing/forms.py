from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.formatting import percent
from enrolments.models import Enrolment, EnrolmentQuerySet
from programmes.models import Programme

from .models import NOTE_MAX_LENGTH, Pair, PairingRound

SELECT_LIMIT = 300  # above this many approved mentors (or mentees), HR types a name
CHOICE_LABEL_FIELDS = ("person__name", "person__grade", "person__department__name")


class RunRoundForm(forms.Form):
    """The weight of each part of the score, in %, for this programme, and the goal."""

    complementarity = forms.IntegerField(
        label=_("Complementarity"),
        min_value=0,
        max_value=100,
        help_text=_("What the mentor can teach that the mentee wants, and the way back."),
    )
    affinity = forms.IntegerField(
        label=_("Affinity"),
        min_value=0,
        max_value=100,
        help_text=_("Shared availability, meeting mode, same site when meeting on site."),
    )
    diversity = forms.IntegerField(
        label=_("Diversity"),
        min_value=0,
        max_value=100,
        help_text=_("Different department, generation, gender (when declared) and country."),
    )
    goal = forms.ChoiceField(
        label=_("Goal"),
        choices=PairingRound.Goal.choices,
        widget=forms.RadioSelect,
        required=False,  # as many pairs as possible
        help_text=_(
            "Either everyone who can be paired is, or pairs below the lowest score are not "
            "made and the people left out are told why."
        ),
    )
    min_score = forms.IntegerField(
        label=_("Lowest score accepted"),
        min_value=1,
        max_value=100,
        required=False,
        help_text=_("From 1 to 100, for the goal “only pairs of at least a given quality”."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data["goal"] = data.get("goal") or PairingRound.Goal.MOST_PAIRS
        if data["goal"] == PairingRound.Goal.QUALITY:
            if data.get("min_score") is None and "min_score" not in self.errors:
                self.add_error(
                    "min_score", _("Give the lowest score a pair may have, from 1 to 100.")
                )
        else:
            data["min_score"] = None
        values = [data.get(name) for name in ("complementarity", "affinity", "diversity")]
        if any(value is None for value in values):
            return data
        if sum(values) == 0:
            raise forms.ValidationError(_("Give at least one part a weight above zero."))
        if sum(values) != 100:
            # Shares, so that "70%" means 70% of the score, and the page says so.
            raise forms.ValidationError(
                _(
                    "The three weights are shares of the score: they must add up to "
                    "%(hundred)s, not %(total)s."
                )
                % {"hundred": percent(100), "total": percent(sum(values))}
            )
        return data


class PublishForm(forms.Form):
    """HR confirms after reading what publishing will do (pairing.confirmation)."""

    confirm = forms.BooleanField(
        label=_("I confirm: publish these pairs and send the emails."),
        error_messages={"required": _("Tick the box to confirm.")},
    )


class VolunteerChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Enrolment) -> str:
        person = obj.person
        details = [person.department.name if person.department else ""]
        if person.grade:
            details.append(_("grade %(grade)s") % {"grade": person.grade})
        details = [detail for detail in details if detail]
        return f"{person.name} · {', '.join(details)}" if details else person.name


class VolunteerByName(forms.CharField):
    """A volunteer typed in by name or email: a list of thousands would not load."""

    def __init__(self, *, queryset: EnrolmentQuerySet, role_label: str, **kwargs: Any) -> None:
        self.queryset, self.role_label = queryset, role_label
        kwargs.setdefault("help_text", _("Their name or email address."))
        super().__init__(max_length=254, **kwargs)

    def clean(self, value: str) -> Enrolment:
        text = super().clean(value).strip()
        found = list(
            self.queryset.filter(Q(person__email__iexact=text) | Q(person__name__iexact=text))[:2]
        )
        if not found:
            raise forms.ValidationError(
                _("No approved %(role)s of this programme is called “%(text)s”.")
                % {"role": self.role_label, "text": text}
            )
        if len(found) > 1:
            raise forms.ValidationError(
                _("Several volunteers are called “%(text)s”: give the email address.")
                % {"text": text}
            )
        return found[0]


class SetByHandForm(forms.Form):
    """HR picks a mentor and a mentee among the programme's approved volunteers: from lists,
    or by name when a list would hold more than SELECT_LIMIT people."""

    mentor = VolunteerChoice(label=_("Mentor"), queryset=Enrolment.objects.none())
    mentee = VolunteerChoice(label=_("Mentee"), queryset=Enrolment.objects.none())

    def __init__(
        self,
        *args: Any,
        programme: Programme,
        counts: dict[str, int] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        approved = (
            Enrolment.objects.filter(programme=programme, status=Enrolment.Status.APPROVED)
            .select_related("person__department")
            .order_by("person__name", "pk")
        )
        if not self.is_bound:
            # A list to pick from reads the columns its labels show; a posted choice is read
            # whole, for the service that pairs it.
            approved = approved.only(*CHOICE_LABEL_FIELDS)
        for role, label in Enrolment.Role.choices:
            queryset = approved.filter(role=role)
            if counts is not None and counts.get(role, 0) > SELECT_LIMIT:
                self.fields[role] = VolunteerByName(
                    label=self.fields[role].label, queryset=queryset, role_label=str(label).lower()
                )
            else:
                self.fields[role].queryset = queryset


class EndPairForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why does the pair end?"), choices=Pair.EndReason.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Seen by HR only. Required for “Another reason”."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("reason") == Pair.EndReason.OTHER and not data.get("note", "").strip():
            self.add_error("note", _("Say in a few words why the pair ends."))
        return data
