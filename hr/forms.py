from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from audit.models import Entry
from common.bilingual import sort_key
from common.dates import DateField
from pairing.models import Pair
from people.models import User
from programmes.models import Programme

from .nudges import NOTE_MAX_LENGTH


class DeactivateForm(forms.Form):
    """The person's active pairs, each ticked to end it; and whether to re-pair the partners."""

    end_pairs = forms.MultipleChoiceField(
        label=_("End these pairs (the reason recorded: someone is leaving)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    repair_partners = forms.BooleanField(
        label=_("Look for a new pair for each partner left alone (a proposal you then publish)"),
        required=False,
        initial=True,
    )
    confirm = forms.BooleanField(
        label=_("I understand that this person can no longer sign in."),
        error_messages={"required": _("Tick the box to confirm.")},
    )

    def __init__(self, *args: Any, pairs: list[Pair], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pairs = {str(pair.code): pair for pair in pairs}
        self.fields["end_pairs"].choices = [
            (code, f"{pair.programme.name}: {pair.mentor_person.name} → {pair.mentee_person.name}")
            for code, pair in self.pairs.items()
        ]
        self.fields["end_pairs"].initial = list(self.pairs)
        if not pairs:
            del self.fields["end_pairs"]
            del self.fields["repair_partners"]

    def chosen_pairs(self) -> list[Pair]:
        return [self.pairs[code] for code in self.cleaned_data.get("end_pairs", [])]


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I confirm this change."),
        error_messages={"required": _("Tick the box to confirm.")},
    )


class AuditFilterForm(forms.Form):
    programme = forms.ModelChoiceField(
        label=_("Programme"),
        queryset=Programme.objects.order_by(sort_key("name")),
        required=False,
        to_field_name="code",
        empty_label=_("Every programme"),
    )
    person = forms.CharField(
        label=_("Person (email address)"),
        required=False,
        max_length=254,
        help_text=_("Who acted or was acted upon."),
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    start = DateField(
        label=pgettext_lazy("the first day of a period", "From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    end = DateField(
        label=pgettext_lazy("the last day of a period", "To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Every kind")), *Entry.Kind.choices]

    def clean_person(self) -> User | None:
        email = self.cleaned_data["person"].strip()
        if not email:
            return None
        person = User.objects.filter(email__iexact=email).first()
        if person is None:
            raise forms.ValidationError(_("Nobody in Tandem has this address."))
        return person

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("The last day comes before the first."))
        return data

    def entries(self):
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return (
            Entry.objects.of_programme(data.get("programme"))
            .about(data.get("person"), pair_targets(data.get("person")))
            .of_kind(data.get("kind", ""))
            .between(data.get("start"), data.get("end"))
            .for_reading()
        )


def pair_targets(person: User | None) -> list[str]:
    """The trail's targets of the person's pairs (`pair:<code>`): a nudge or an end of their
    pair concerns them too."""
    if person is None:
        return []
    codes = Pair.objects.filter(Q(mentor_person=person) | Q(mentee_person=person)).values_list(
        "code", flat=True
    )
    return [f"pair:{code}" for code in codes]


class NudgeForm(forms.Form):
    """HR's optional line and the confirmation. Which pairs is the button HR presses: the
    pairs not nudged lately, or all of them again (each button says how many emails).

    `batch` is the page's own token: the same page posted twice sends nothing more.
    """

    note = forms.CharField(
        label=_("Your line (optional)"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "A short line of your own, shown as you write it in every email, under your name. "
            "Each member reads the rest in their own language."
        ),
    )
    confirm = forms.BooleanField(label=_("I confirm: send these emails."), required=False)
    batch = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={
            "required": _("This page has expired: open it again."),
            "invalid": _("This page has expired: open it again."),
        },
    )

    def __init__(self, *args: Any, sending: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sending = sending

    def clean_batch(self) -> str:
        return str(self.cleaned_data["batch"])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.sending and not data.get("confirm"):
            self.add_error("confirm", _("Tick the box to confirm."))
        return data
