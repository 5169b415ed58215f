from typing import Any

from django import forms
from django.db.models import Q
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext_lazy as _

from common.dates import DateField
from people.models import User

from .models import Objective, Programme, Topic
from .services import EDITED_FIELDS, ObjectiveData, unique_slug

MAX_OBJECTIVES = 20


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class TopicChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Topic) -> str:
        if obj.is_retired:
            return _("%(name)s (retired)") % {"name": obj.name}
        return obj.name


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.name} · {obj.job_title}" if obj.job_title else obj.name


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.name


def pickable_topics(*already: Any) -> Any:
    """Active topics, plus the retired ones already attached to what is being edited."""
    condition = Q(retired_on__isnull=True)
    for owner in already:
        if owner is not None and owner.pk:
            condition |= Q(pk__in=owner.topics.values("pk"))
    return Topic.objects.filter(condition).order_by("kind", "name_en")


class ProgrammeForm(forms.ModelForm):
    sponsor = PersonChoiceField(
        label=_("Sponsor"),
        queryset=User.objects.none(),
        help_text=_("An executive who backs the programme."),
        error_messages={
            "invalid_choice": _("The sponsor must be an executive: pick one from the list."),
        },
    )
    managers = PeopleChoiceField(
        label=_("Managers"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The HR administrators who run it."),
        error_messages={"invalid_choice": _("Managers must be HR administrators.")},
    )
    topics = TopicChoiceField(
        label=_("Topics in scope"),
        queryset=Topic.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Retired topics cannot be picked.")},
    )

    class Meta:
        model = Programme
        fields = [*EDITED_FIELDS, "managers", "topics"]
        widgets = {
            "name_en": forms.TextInput(attrs={"lang": "en"}),
            "name_fr": forms.TextInput(attrs={"lang": "fr"}),
            "description_en": forms.Textarea(attrs={"rows": 4, "lang": "en"}),
            "description_fr": forms.Textarea(attrs={"rows": 4, "lang": "fr"}),
            "place_en": forms.TextInput(attrs={"lang": "en"}),
            "place_fr": forms.TextInput(attrs={"lang": "fr"}),
            "start_on": DateInput(),
            "enrolment_opens_on": DateInput(),
            "enrolment_closes_on": DateInput(),
            "charter_en": forms.Textarea(attrs={"rows": 8, "lang": "en"}),
            "charter_fr": forms.Textarea(attrs={"rows": 8, "lang": "fr"}),
            "closing_message_en": forms.Textarea(attrs={"rows": 5, "lang": "en"}),
            "closing_message_fr": forms.Textarea(attrs={"rows": 5, "lang": "fr"}),
        }
        help_texts = {
            "duration_months": _("From 3 to 6 months."),
            "charter_en": _("Volunteers accept it when they enrol."),
            "closing_message_en": _(
                "Your words to the participants once the programme has ended: on its page, "
                "and in the email that thanks them. Write it before marking the programme "
                "completed: a completed programme can no longer be edited."
            ),
            "place_en": _("A site, a room, or a video link."),
            "place_fr": _("Leave it empty if it reads the same in French."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["sponsor"].queryset = User.objects.executives().order_by("name")
        self.fields["managers"].queryset = User.objects.hr_admins().order_by("name")
        self.fields["topics"].queryset = pickable_topics(self.instance)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not (cleaned.get("name_en", "").strip() or cleaned.get("name_fr", "").strip()):
            self.add_error("name_en", _("Give the programme a name in English or in French."))
        elif not cleaned.get("slug") and not self.instance.pk:
            cleaned["slug"] = unique_slug(cleaned.get("name_en") or cleaned.get("name_fr"))
        return cleaned

    def clean_slug(self) -> str:
        slug = self.cleaned_data.get("slug", "")
        if slug:
            return slug
        return self.instance.slug if self.instance.pk else ""

    def programme_fields(self) -> dict[str, Any]:
        """The scalar fields and the sponsor, as services.create/update_programme take them."""
        return {name: self.cleaned_data[name] for name in EDITED_FIELDS}


class SchedulePreviewForm(forms.Form):
    """The three fields the schedule follows from, read from the programme form's data."""

    start_on = DateField()
    cadence = forms.ChoiceField(choices=Programme.Cadence.choices)
    duration_months = forms.IntegerField(min_value=3, max_value=6)


class ObjectiveForm(forms.ModelForm):
    topics = TopicChoiceField(
        label=_("Topics"),
        queryset=Topic.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
        help_text=_("Optional. Hold Ctrl (or ⌘) to pick several."),
    )

    class Meta:
        model = Objective
        fields = [
            "sentence_en",
            "sentence_fr",
            "topics",
            "target_percent",
            "metric_en",
            "metric_fr",
        ]
        widgets = {
            "sentence_en": forms.TextInput(attrs={"lang": "en"}),
            "sentence_fr": forms.TextInput(attrs={"lang": "fr"}),
            "metric_en": forms.TextInput(attrs={"lang": "en"}),
            "metric_fr": forms.TextInput(attrs={"lang": "fr"}),
        }
        help_texts = {"metric_fr": ""}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        written = any(cleaned.get(name, "").strip() for name in ("metric_en", "metric_fr"))
        sentence = any(cleaned.get(name, "").strip() for name in ("sentence_en", "sentence_fr"))
        if self.has_changed() and not sentence:
            self.add_error("sentence_en", _("Write the objective in English or in French."))
        if cleaned.get("target_percent") is not None and not written:
            self.add_error("metric_en", _("Say what the target measures."))
        return cleaned

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = pickable_topics(self.instance)


class BaseObjectiveFormSet(BaseInlineFormSet):
    def objectives(self) -> list[ObjectiveData]:
        """The objectives to keep, in order; forms left empty or ticked for deletion drop out."""
        kept = []
        for form in self.forms:
            if not form.has_changed() and form.instance.pk is None:
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            data = form.cleaned_data
            kept.append(
                ObjectiveData(
                    pk=form.instance.pk,
                    sentence_en=data.get("sentence_en") or "",
                    sentence_fr=data.get("sentence_fr") or "",
                    topics=list(data.get("topics") or []),
                    target_percent=data.get("target_percent"),
                    metric_en=data.get("metric_en") or "",
                    metric_fr=data.get("metric_fr") or "",
                )
            )
        return kept


def objective_formset(
    data: Any = None,
    *,
    instance: Programme | None = None,
    initial: list[dict[str, Any]] | None = None,
    blank_forms: int = 2,
) -> BaseObjectiveFormSet:
    """The objectives formset: existing objectives, then `initial` ones, then blank forms."""
    initial = initial or []
    formset_class = inlineformset_factory(
        Programme,
        Objective,
        form=ObjectiveForm,
        formset=BaseObjectiveFormSet,
        extra=len(initial) + blank_forms,
        max_num=MAX_OBJECTIVES,
        validate_max=True,
        can_delete=True,
    )
    # Initial values only on display: bound to the submitted data, a prefilled form
    # that HR left as it was must still count as changed, or it would not be saved.
    return formset_class(
        data,
        instance=instance or Programme(),
        prefix="objectives",
        initial=None if data is not None else initial,
    )


class TopicForm(forms.ModelForm):
    class Meta:
        model = Topic
        fields = ["name_en", "name_fr", "kind"]
        help_texts = {"name_fr": _("Either name may be empty: the other one is shown instead.")}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not (cleaned.get("name_en", "").strip() or cleaned.get("name_fr", "").strip()):
            self.add_error("name_en", _("Give the topic a name in English or in French."))
        return cleaned
