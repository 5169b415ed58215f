from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from enrolments.models import Enrolment
from programmes.models import Programme

from .models import NOTE_MAX_LENGTH, Pair

WEIGHT_HELP = _("From 0 to 100; only the proportions between the three parts count.")


class RunRoundForm(forms.Form):
    """The weight of each part of the score, in %, for this programme."""

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

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        values = [data.get(name) for name in ("complementarity", "affinity", "diversity")]
        if all(value is not None for value in values) and sum(values) == 0:
            raise forms.ValidationError(_("Give at least one part a weight above zero."))
        return data


class VolunteerChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Enrolment) -> str:
        person = obj.person
        details = [person.department.name if person.department else ""]
        if person.grade:
            details.append(_("grade %(grade)s") % {"grade": person.grade})
        details = [detail for detail in details if detail]
        return f"{person.name} · {', '.join(details)}" if details else person.name


class SetByHandForm(forms.Form):
    """HR picks a mentor and a mentee among the programme's approved volunteers."""

    mentor = VolunteerChoice(label=_("Mentor"), queryset=Enrolment.objects.none())
    mentee = VolunteerChoice(label=_("Mentee"), queryset=Enrolment.objects.none())

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        approved = (
            Enrolment.objects.filter(programme=programme, status=Enrolment.Status.APPROVED)
            .select_related("person__department")
            .order_by("person__name", "pk")
        )
        self.fields["mentor"].queryset = approved.filter(role=Enrolment.Role.MENTOR)
        self.fields["mentee"].queryset = approved.filter(role=Enrolment.Role.MENTEE)


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
