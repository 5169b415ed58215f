"""The round page's two forms drawn in Python, as crispy-forms draws them.

crispy's Bootstrap 5 pack draws each field through a dozen nested templates, and Django's
widgets each option of a list through one more: most of the round page's work. An unbound
form (the page as HR opens it) is drawn here, to the same markup; a form that comes back
with errors, or holds a widget this module does not draw, is drawn by crispy itself.
`pairing/tests/test_form_markup.py` compares the two, field by field, in both languages.
"""

from django import forms, template
from django.forms.boundfield import BoundField
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# The widgets drawn here and the class crispy gives each (its name in lower case, then
# Bootstrap's); any other widget leaves the whole form to crispy.
INPUTS = (forms.NumberInput, forms.TextInput, forms.EmailInput)
STAR = '<span class="asteriskField">*</span>'


@register.filter
def quick_form(form: forms.Form) -> SafeString:
    """`{{ form|quick_form }}`: the form as `{{ form|crispy }}` draws it."""
    if form.is_bound or not all(_drawn_here(field.field.widget) for field in form):
        from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form

        return as_crispy_form(form)
    return mark_safe(" ".join(_field(field) for field in form))  # noqa: S308 (escaped below)


def _drawn_here(widget: forms.Widget) -> bool:
    return type(widget) in (*INPUTS, forms.Select, forms.RadioSelect)


def _attrs(attrs: dict) -> str:
    """As django/forms/widgets/attrs.html writes them."""
    return "".join(
        f" {name}" if value is True else format_html(' {}="{}"', name, value)
        for name, value in attrs.items()
        if value is not False
    )


def _help(field: BoundField) -> str:
    """crispy writes the help text as it is (`|safe`)."""
    if not field.help_text:
        return ""
    return f' <div id="{field.auto_id}_helptext" class="form-text">{field.help_text}</div>'


def _field(field: BoundField) -> str:
    widget = field.field.widget
    required = field.field.required
    label = conditional_escape(field.label)
    star = STAR if required else ""
    wanted = " requiredField" if required else ""
    if isinstance(widget, forms.RadioSelect):
        return _radio(field, label, star, wanted)
    name = type(widget).__name__.lower()
    bootstrap = "form-select" if isinstance(widget, forms.Select) else "form-control"
    classes = widget.attrs.get("class", "")
    if not classes:
        classes = name
    elif name not in classes:
        classes += f" {name}"
    attrs = {**widget.attrs, "class": f"{classes} {bootstrap}"}
    attrs.update(field.build_widget_attrs({}, widget))
    attrs.setdefault("id", field.auto_id)
    context = widget.get_context(field.html_name, field.value(), attrs)["widget"]
    if isinstance(widget, forms.Select):
        options = " ".join(
            format_html(
                '<option value="{}"{}>{}</option>',
                option["value"],
                _attrs(option["attrs"]),
                option["label"],
            )
            for _group, choices, _index in context["optgroups"]
            for option in choices
        )
        control = f'<select name="{field.html_name}"{_attrs(context["attrs"])}> {options} </select>'
    else:
        value = context["value"]
        shown = "" if value is None else format_html(' value="{}"', value)
        control = (
            f'<input type="{context["type"]}" name="{field.html_name}"{shown}'
            f"{_attrs(context['attrs'])}>"
        )
    return (
        f'<div id="div_{field.auto_id}" class="mb-3"> <label for="{field.id_for_label}" '
        f'class="form-label{wanted}"> {label}{star} </label> {control}{_help(field)} </div>'
    )


def _radio(field: BoundField, label: str, star: str, wanted: str) -> str:
    described = field.aria_describedby
    fieldset = f' aria-describedby="{described}"' if described else ""
    widget = field.field.widget
    context = widget.get_context(field.html_name, field.value(), {"id": field.auto_id})
    options = " ".join(
        '<div class="form-check"> '
        f'<input type="{option["type"]}" class="form-check-input" name="{field.html_name}" '
        + format_html('value="{}"', option["value"])
        + f"{_attrs(option['attrs'])}> "
        + format_html(
            '<label for="{}" class="form-check-label"> {} </label> </div>',
            option["attrs"]["id"],
            option["label"],
        )
        for _group, choices, _index in context["widget"]["optgroups"]
        for option in choices
    )
    return (
        f'<div id="div_{field.auto_id}" class="mb-3"> <fieldset{fieldset}> '
        f'<legend class="form-label{wanted} fs-6"> {label}{star} </legend> '
        f"<div > {options} </div>{_help(field)} </fieldset> </div>"
    )
