from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from common.bilingual import reader_language
from people.models import User
from programmes.models import Topic

from . import questions as catalogue
from .models import (
    TESTIMONIAL_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    TRANSLATION_MAX_LENGTH,
    EvaluationSettings,
    Question,
    Survey,
    Testimonial,
)
from .services.surveys import HR_QUESTION_KINDS, AnswerData
from .services.testimonials import no_translation_consent

SCALE = [(str(value), str(value)) for value in range(1, 6)]
RECOMMEND = [(str(value), str(value)) for value in range(0, 11)]
YES_NO = [("1", _("Yes")), ("0", _("No"))]
RHYTHM = [("0", _("Too slow")), ("1", _("Right")), ("2", _("Too fast"))]


def field_name(question: Question, topic: Topic | None) -> str:
    return f"q_{question.pk}" + (f"_t_{topic.pk}" if topic else "")


class SurveyForm(forms.Form):
    """One field per question, or per question and topic, as services.questions_for lists
    them; the final review adds an optional testimonial, the language it is written in, the
    consent to publish it and the separate, optional consent to a translation."""

    def __init__(
        self, *args: Any, lines: list[tuple[Question, Topic | None]], final: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.lines = lines
        for question, topic in lines:
            self.fields[field_name(question, topic)] = self._field(question, topic)
        if final:
            self.fields["testimonial"] = forms.CharField(
                label=_("A few words about what the programme gave you (optional)"),
                required=False,
                max_length=TESTIMONIAL_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_(
                    "With your consent, HR may publish them with your name and role on "
                    "the testimonials page."
                ),
            )
            self.fields["testimonial_language"] = forms.ChoiceField(
                label=_("Language of your words"),
                choices=User.Language.choices,
                initial=reader_language(),
                required=False,
            )
            self.fields["consent"] = forms.BooleanField(
                label=_("I agree that my words are published with my name and role."),
                required=False,
            )
            self.fields["translation_consent"] = forms.BooleanField(
                label=_(
                    "I also agree that HR translates my words into the other language "
                    "(English or French) and shows the translation, with my name and role, "
                    "to colleagues who read Tandem in that language."
                ),
                required=False,
                help_text=_(
                    "Optional. Without it, your words are only ever shown as you wrote them, "
                    "marked with the language they are written in."
                ),
            )

    @staticmethod
    def _field(question: Question, topic: Topic | None) -> forms.Field:
        label = question.text
        if topic is not None:
            label = f"{topic.name} · {label}"
        built_in = catalogue.BY_KEY.get(question.key)
        help_text = ""
        if built_in and built_in.low and built_in.high:
            help_text = f"{built_in.low} · {built_in.high}"
        elif question.kind == Question.Kind.SCALE:
            help_text = _("1: strongly disagree · 5: strongly agree")
        if question.kind == Question.Kind.TEXT:
            return forms.CharField(
                label=label,
                required=question.required,
                max_length=TEXT_MAX_LENGTH,
                help_text=help_text,
            )
        choices = {
            Question.Kind.SCALE: SCALE,
            Question.Kind.RECOMMEND: RECOMMEND,
            Question.Kind.YES_NO: YES_NO,
            Question.Kind.RHYTHM: RHYTHM,
        }[question.kind]
        return forms.TypedChoiceField(
            label=label,
            choices=choices,
            coerce=int,
            empty_value=None,
            required=question.required,
            widget=forms.RadioSelect(attrs={"class": "scale"}),
            help_text=help_text,
        )

    def answers(self) -> list[AnswerData]:
        data = []
        for question, topic in self.lines:
            value = self.cleaned_data.get(field_name(question, topic))
            if question.kind == Question.Kind.TEXT:
                data.append(AnswerData(question, topic, None, value or ""))
            else:
                data.append(AnswerData(question, topic, value, ""))
        return data

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if (cleaned.get("testimonial") or "").strip() and not cleaned.get("consent"):
            self.add_error(
                "consent", _("Tick the box to let us publish your words, or leave them out.")
            )
        return cleaned


class TestimonialDecisionForm(forms.Form):
    """HR's decision on one testimonial; the translation only when its author consented."""

    decision = forms.ChoiceField(
        choices=[("approve", _("Publish")), ("reject", _("Do not publish"))]
    )
    translation = forms.CharField(
        required=False,
        max_length=TRANSLATION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, testimonial: Testimonial, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"id_{testimonial.code}_%s")
        super().__init__(*args, **kwargs)
        self.testimonial = testimonial
        field = self.fields["translation"]
        field.initial = testimonial.translation
        field.widget.attrs["lang"] = testimonial.translation_language
        if testimonial.translation_language == "fr":
            field.label = _("Translation into French (optional)")
        else:
            field.label = _("Translation into English (optional)")
        field.help_text = _("Readers of that language read it instead of the words as written.")

    def clean_translation(self) -> str:
        translation = (self.cleaned_data.get("translation") or "").strip()
        if translation and not self.testimonial.may_be_translated:
            raise forms.ValidationError(no_translation_consent())
        return translation

    @property
    def approve(self) -> bool:
        return self.cleaned_data["decision"] == "approve"

    def translation_to_save(self) -> str | None:
        """The translation to save, or None when the page sent none (no consent, no field)."""
        return self.cleaned_data["translation"] if "translation" in self.data else None


class QuestionForm(forms.Form):
    survey = forms.TypedChoiceField(label=_("Survey"), choices=Survey.Kind.choices)
    text_en = forms.CharField(label=_("Question in English"), max_length=300, required=False)
    text_fr = forms.CharField(label=_("Question in French"), max_length=300, required=False)
    kind = forms.ChoiceField(
        label=_("Kind of answer"),
        choices=[
            (kind, label) for kind, label in Question.Kind.choices if kind in HR_QUESTION_KINDS
        ],
    )
    audience = forms.ChoiceField(label=_("Asked to"), choices=Question.Audience.choices)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not (cleaned.get("text_en", "").strip() or cleaned.get("text_fr", "").strip()):
            self.add_error("text_en", _("Write the question in English or in French."))
        return cleaned


class SettingsForm(forms.ModelForm):
    class Meta:
        model = EvaluationSettings
        fields = ["target_population", "certificate_min_sessions", "certificate_needs_final_review"]
