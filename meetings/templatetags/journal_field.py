"""`{{ journal_form|text_areas }}`: the session page's journal form, a text area, written as
crispy-forms' Bootstrap 5 pack writes it (`|crispy`), without its templates: through them, the
one field costs a tenth of the page the pairs open most. A form that comes back with errors,
or with another kind of field, goes to crispy-forms; `test_journal_field` checks that the two
write the same markup.
"""

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form
from django import forms, template
from django.forms.boundfield import BoundField
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


def _text_area(bound: BoundField) -> SafeString:
    widget = bound.field.widget
    attrs = {**widget.attrs, "class": "textarea form-control"}
    attrs = {**attrs, **bound.build_widget_attrs({})}
    attrs.setdefault("id", bound.auto_id)
    help_text = (
        format_html(
            ' <div id="{}_helptext" class="form-text">{}</div>',
            bound.auto_id,
            mark_safe(bound.help_text),  # noqa: S308 (ours, as crispy's `|safe`)
        )
        if bound.help_text
        else ""
    )
    return format_html(
        '<div id="div_{}" class="mb-3"> <label\n                for="{}" class="form-label">\n'
        '                {}\n            </label> <textarea name="{}"{}>\n{}</textarea>{} </div>',
        bound.auto_id,
        bound.id_for_label,
        bound.label,
        bound.html_name,
        format_html_join("", ' {}="{}"', attrs.items()),
        widget.format_value(bound.value()) or "",
        help_text,
    )


def _plain(form: forms.BaseForm) -> bool:
    """Optional text areas only, with a label and an id, and the form not posted."""
    return not form.is_bound and all(
        type(field.widget) is forms.Textarea
        and not field.required
        and not field.disabled
        and field.label
        and all(type(value) in (str, int) for value in field.widget.attrs.values())
        for field in form.fields.values()
    )


@register.filter
def text_areas(form: forms.BaseForm) -> SafeString:
    if not (form.auto_id and _plain(form)):
        return as_crispy_form(form)
    fields = " ".join(_text_area(bound) for bound in form)
    return mark_safe(f"\n\n{fields}\n")  # noqa: S308 (each part escaped by format_html)
