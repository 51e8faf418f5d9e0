"""Render Django form fields as GOV.UK Design System components, with their errors."""

from django import forms, template
from django.template.loader import render_to_string

from alongside.core.forms import DateWidget

register = template.Library()


def _kind(field) -> str:
    widget = field.field.widget
    if isinstance(widget, DateWidget):
        return "date"
    # CheckboxSelectMultiple is a subclass of RadioSelect: ask about it first, or a field that
    # takes several answers would be drawn as radios and keep only one.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    return "input"


def _options(field) -> list[dict]:
    value = field.value()
    selected = {str(v) for v in value} if isinstance(value, list | tuple) else {str(value)}
    options = []
    for choice_value, choice_label in field.field.choices:
        if isinstance(choice_label, list | tuple):
            options.append(
                {
                    "group": choice_value,
                    "options": [
                        {"value": v, "label": lab, "selected": str(v) in selected}
                        for v, lab in choice_label
                    ],
                }
            )
        else:
            options.append(
                {
                    "value": choice_value,
                    "label": choice_label,
                    "selected": str(choice_value) in selected,
                }
            )
    return options


@register.simple_tag
def govuk_field(field, label_class: str = "govuk-label", width: str = "", heading: str = ""):
    """One form group: label (or fieldset legend), hint, error message and the control."""
    kind = _kind(field)
    widget = field.field.widget
    context = {
        "field": field,
        "kind": kind,
        "label_class": label_class,
        "width": width,
        "heading": heading,
        "input_type": getattr(widget, "input_type", "text"),
        "autocomplete": widget.attrs.get("autocomplete", ""),
        "inputmode": widget.attrs.get("inputmode", ""),
        "rows": widget.attrs.get("rows", 5),
        # An extra class the form asks for (for example a monospace editor), kept beside GOV.UK's.
        "extra_class": widget.attrs.get("class", ""),
        "spellcheck": widget.attrs.get("spellcheck", ""),
    }
    if kind in {"radios", "checkboxes", "select"}:
        context["options"] = _options(field)
    if kind == "date":
        values = field.value() or [None, None, None]
        if not isinstance(values, list | tuple):
            values = widget.decompress(values)
        context["parts"] = [
            {"suffix": str(i), "label": name, "value": values[i] or "", "width": w}
            for i, (name, w) in enumerate((("Day", 2), ("Month", 2), ("Year", 4)))
        ]
    return render_to_string(f"govuk/field_{'date' if kind == 'date' else 'field'}.html", context)


@register.simple_tag
def govuk_error_summary(*forms_):
    errors = []
    for form in forms_:
        if form is None or not form.is_bound:
            continue
        for error in form.non_field_errors():
            errors.append({"href": "", "text": error})
        for field in form:
            for error in field.errors:
                anchor = field.id_for_label
                if _kind(field) == "date" or _kind(field) in {"radios", "checkboxes"}:
                    anchor = f"{field.auto_id}_0"
                errors.append({"href": f"#{anchor}", "text": error})
    return render_to_string("govuk/error_summary.html", {"errors": errors})


@register.filter
def has_answers(form) -> bool:
    """Whether a submitted form has anything typed or chosen in it (to keep its section open
    when the page comes back with an error elsewhere)."""
    if form is None or not form.is_bound:
        return False
    return any(
        value not in ("", None)
        for name in form.fields
        for value in form.data.getlist(form.add_prefix(name))
    )
