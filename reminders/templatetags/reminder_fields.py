"""`{{ form|checkboxes }}`: a form of checkboxes only (the person's reminders), written as
crispy-forms' Bootstrap 5 pack writes it (`|crispy`), without its templates: through them, its
three checkboxes cost half of "My reminders". A form with errors or another kind of field goes
to crispy-forms; `test_reminder_fields` checks that the two write the same markup.
"""

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form
from django import forms, template
from django.forms.boundfield import BoundField
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


def _checkbox(bound: BoundField) -> SafeString:
    help_id = f"{bound.auto_id}_helptext"
    help_text = (
        format_html(
            ' <div id="{}" class="form-text">{}</div>',
            help_id,
            mark_safe(bound.help_text),  # noqa: S308 (ours, as crispy's `|safe`)
        )
        if bound.help_text
        else ""
    )
    return format_html(
        '<div class="mb-3"> <div id="div_{}" class="form-check"> <input type="checkbox" '
        'name="{}" class="checkboxinput form-check-input"{} id="{}"{}> <label for="{}" '
        'class="form-check-label">\n                    {}\n                </label>{} </div>'
        " </div>",
        bound.auto_id,
        bound.html_name,
        format_html(' aria-describedby="{}"', help_id) if bound.help_text else "",
        bound.auto_id,
        mark_safe(" checked") if bound.field.widget.check_test(bound.value()) else "",  # noqa: S308
        bound.id_for_label,
        bound.label,
        help_text,
    )


def _plain(form: forms.BaseForm) -> bool:
    """Checkboxes only, none disabled or with attributes of its own, and no error to show."""
    return not (form.is_bound and form.errors) and all(
        type(field.widget) is forms.CheckboxInput
        and not field.widget.attrs
        and not field.disabled
        and not field.required
        for field in form.fields.values()
    )


@register.filter
def checkboxes(form: forms.BaseForm) -> SafeString:
    if not _plain(form):
        return as_crispy_form(form)
    fields = " ".join(_checkbox(bound) for bound in form)
    return mark_safe(f"\n\n{fields}\n")  # noqa: S308 (each part escaped by format_html)
