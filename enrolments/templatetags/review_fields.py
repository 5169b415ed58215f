"""`{{ form.field|review_field }}`: a select, a text area or radio buttons of HR's review queue,
written as crispy-forms' Bootstrap 5 pack writes them (`|as_crispy_field`), without its
templates: the queue's five fields cost a fifth of the page through them. Any other widget
goes to crispy-forms; `test_review_fields` checks the two write the same markup.
"""

from django import forms, template
from django.forms.boundfield import BoundField
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


def _attributes(attrs: dict) -> SafeString:
    """Django's widget attributes: `name="value"`, a bare name for True, nothing for False."""
    return format_html_join(
        "",
        "{}",
        (
            (
                format_html(' {}="{}"', name, value)
                if value is not True
                else format_html(" {}", name),
            )
            for name, value in attrs.items()
            if value is not False and value is not None
        ),
    )


def _errors(bound: BoundField) -> SafeString:
    if not bound.errors:
        return mark_safe("")  # noqa: S308 (empty)
    return format_html(
        '<div id="{}_error" class="invalid-feedback">{}</div>',
        bound.auto_id,
        format_html_join(
            "",
            '<p id="error_{}_{}"><strong>{}</strong></p>',
            ((number, bound.auto_id, error) for number, error in enumerate(bound.errors, 1)),
        ),
    )


def _help(bound: BoundField) -> SafeString:
    if not bound.help_text:
        return mark_safe("")  # noqa: S308 (empty)
    return format_html(
        '<div id="{}_helptext" class="form-text">{}</div>',
        bound.auto_id,
        mark_safe(bound.help_text),  # noqa: S308 (ours, as crispy's `|safe`)
    )


def _label(bound: BoundField, tag: str) -> SafeString:
    required = bound.field.required
    return format_html(
        '<{} {}class="form-label{}{}">{}{}</{}>',
        tag,
        format_html('for="{}" ', bound.id_for_label) if tag == "label" else "",
        " requiredField" if required else "",
        " fs-6" if tag == "legend" else "",
        bound.label,
        mark_safe('<span class="asteriskField">*</span>') if required else "",  # noqa: S308
        tag,
    )


def _control(bound: BoundField, kind: str, css: str) -> SafeString:
    """The select or text area with crispy's classes and Django's attributes, in their order."""
    widget = bound.field.widget
    invalid = " is-invalid" if bound.errors else ""
    attrs = {**widget.attrs, "class": f"{kind} {css}{invalid}"}
    attrs = {**attrs, **bound.build_widget_attrs({})}
    attrs.setdefault("id", bound.auto_id)
    value = widget.format_value(bound.value())
    if kind == "textarea":
        return format_html(
            '<textarea name="{}"{}>\n{}</textarea>',
            bound.html_name,
            _attributes(attrs),
            value or "",
        )
    options = []
    for group, choices, _index in widget.optgroups(bound.html_name, value):
        if group is not None:
            raise ValueError("groups of choices")
        options += [
            format_html(
                '<option value="{}"{}>{}</option>',
                choice["value"],
                " selected" if choice["selected"] else "",
                choice["label"],
            )
            for choice in choices
        ]
    return format_html(
        '<select name="{}"{}>{}</select>',
        bound.html_name,
        _attributes(attrs),
        mark_safe("".join(options)),  # noqa: S308 (each option escaped)
    )


def _radios(bound: BoundField) -> SafeString:
    widget = bound.field.widget
    attrs = bound.build_widget_attrs({"id": bound.auto_id} if bound.auto_id else {})
    value = widget.format_value(bound.value())
    options = []
    for group, choices, _index in widget.optgroups(bound.html_name, value, attrs):
        if group is not None:
            raise ValueError("groups of choices")
        options += choices
    invalid = " is-invalid" if bound.errors else ""
    lines = [
        format_html(
            '<div class="form-check"><input type="{}" class="form-check-input{}" name="{}"'
            ' value="{}"{}><label for="{}" class="form-check-label">{}</label>{}</div>',
            choice["type"],
            invalid,
            bound.html_name,
            choice["value"],
            _attributes(choice["attrs"]),
            choice["attrs"].get("id", ""),
            choice["label"],
            _errors(bound) if number == len(options) else "",
        )
        for number, choice in enumerate(options, 1)
    ]
    described = bound.aria_describedby
    return format_html(
        "<fieldset{}>{}<div>{}</div>{}</fieldset>",
        format_html(' aria-describedby="{}"', described) if described else "",
        _label(bound, "legend"),
        mark_safe("".join(lines)),  # noqa: S308 (each line escaped)
        _help(bound),
    )


@register.filter
def review_field(bound: BoundField) -> SafeString:
    """The field as `|as_crispy_field` writes it with the Bootstrap 5 pack."""
    widget = bound.field.widget
    try:
        if widget.attrs.get("class"):
            raise ValueError("a class of its own")
        if isinstance(widget, forms.RadioSelect):
            inner = _radios(bound)
        elif type(widget) is forms.Select:
            inner = _label(bound, "label") + _control(bound, "select", "form-select")
            inner += _errors(bound) + _help(bound)
        elif type(widget) is forms.Textarea:
            inner = _label(bound, "label") + _control(bound, "textarea", "form-control")
            inner += _errors(bound) + _help(bound)
        else:
            raise ValueError(type(widget).__name__)
    except ValueError:
        from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field

        return as_crispy_field(bound)
    return format_html('<div id="div_{}" class="mb-3">{}</div>', bound.auto_id, inner)
