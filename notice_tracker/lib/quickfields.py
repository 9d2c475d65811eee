"""`{{ field|quick_field }}`: a form field as crispy-forms' Bootstrap 5 layout renders it, built in Python.

The list pages' filter forms (evidence, actions, coverage, security events) render a field each
through crispy's nested templates and Django's widget templates — one template per `<option>` —
which cost more than the rest of such a page. Text inputs, text areas and single selects, the filters'
kinds, are written here straight from the widget's own context (its attributes, value and
options), with crispy's markup: the same ids, classes, label, help text and error list. Any other
widget (checkboxes, radios, files, text areas, multiple selects) goes to crispy unchanged.

Loaded as `{% load quick_fields %}` (settings.TEMPLATES "libraries").
"""

from __future__ import annotations

from collections import OrderedDict

from django import forms, template
from django.forms.boundfield import BoundField
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from notice_tracker.lib.sqlonce import Rows

register = template.Library()

_INPUTS = (forms.TextInput, forms.NumberInput, forms.EmailInput, forms.URLInput, forms.DateInput, forms.SearchInput)


def _attrs(attrs: dict) -> SafeString:
    """Attributes as Django's attrs.html writes them: True alone, False and None left out."""
    parts = []
    for name, value in attrs.items():
        if value is True:
            parts.append(format_html(" {}", name))
        elif value is not False and value is not None:
            parts.append(format_html(' {}="{}"', name, value))
    return mark_safe("".join(parts))


def _input(widget: dict) -> SafeString:
    value = widget["value"]
    return format_html(
        '<input type="{}" name="{}"{}{}>',
        widget["type"],
        widget["name"],
        format_html(' value="{}"', value) if value is not None else "",
        _attrs(widget["attrs"]),
    )


def _choices(field: BoundField) -> list:
    """The field's choices; a model choice field's rows read in one plain query (its own iterator
    opens a server-side cursor on PostgreSQL: three round trips for a short list)."""
    form_field = field.field
    if isinstance(form_field, forms.ModelChoiceField):
        # The form's own rows for its options when it gives them (`set_option_rows`), else its queryset's.
        queryset = getattr(form_field, "option_rows", None)
        if queryset is None:
            queryset = form_field.queryset if form_field.queryset is not None else []
        rows = [(form_field.prepare_value(row), form_field.label_from_instance(row)) for row in queryset]
        return ([("", form_field.empty_label)] if form_field.empty_label is not None else []) + rows
    return list(getattr(form_field, "choices", []))


def set_option_rows(form: forms.BaseForm, rows: dict) -> None:
    """Field name -> the rows its options show (`sqlonce.rows_once`'s): read instead of the field's
    queryset for the options only (the queryset still checks a submitted value)."""
    for name, found in rows.items():
        form.fields[name].option_rows = found  # type: ignore[attr-defined]


# A select's options, written once per process for each version of what they show: the rows
# themselves (`sqlonce.Rows.values`), the field and its label for no choice, and the choice made.
_OPTIONS: OrderedDict[tuple, str] = OrderedDict()
OPTIONS_LIMIT = 256


def _options(field: BoundField, chosen: set[str]) -> str:
    rows = getattr(field.field, "option_rows", None)
    if not isinstance(rows, Rows):
        return _write_options(field, chosen)
    form_field = field.field
    key = (
        type(form_field),
        rows.model,
        getattr(form_field, "to_field_name", None),
        field.html_name,
        getattr(form_field, "empty_label", None),
        tuple(sorted(chosen)),
        tuple(rows.values),
    )
    markup = _OPTIONS.get(key)
    if markup is None:
        markup = _OPTIONS[key] = _write_options(field, chosen)
        while len(_OPTIONS) > OPTIONS_LIMIT:
            _OPTIONS.popitem(last=False)
    else:
        _OPTIONS.move_to_end(key)
    return markup


def _write_options(field: BoundField, chosen: set[str]) -> str:
    done = False

    def option(value, label) -> str:
        nonlocal done
        value = "" if value is None else str(value)
        selected = not done and value in chosen
        done = done or selected
        return f'<option value="{conditional_escape(value)}"{" selected" if selected else ""}>{conditional_escape(label)}</option>'

    options: list[str] = []
    for value, label in _choices(field):
        if isinstance(label, (list, tuple)):
            rows = mark_safe("\n".join(option(v, lbl) for v, lbl in label))
            options.append(format_html('<optgroup label="{}">{}</optgroup>', value, rows))
        else:
            options.append(option(value, label))
    return "\n".join(options)


def _select(field: BoundField, attrs: dict) -> SafeString:
    chosen = set(field.field.widget.format_value(field.value()))
    return format_html(
        '<select name="{}"{}>\n{}\n</select>', field.html_name, _attrs(attrs), mark_safe(_options(field, chosen))
    )


def _textarea(widget: dict) -> SafeString:
    value = widget["value"]
    return format_html(
        '<textarea name="{}"{}>\n{}</textarea>', widget["name"], _attrs(widget["attrs"]), value if value else ""
    )


@register.filter
def quick_form(form: forms.BaseForm) -> SafeString:
    """`{% crispy form %}` for a form whose helper writes no <form> tag, no CSRF field and no layout
    (actions.forms._helper): its errors, then each field as `quick_field` writes it."""
    if not all(field.is_hidden or _is_quick(field.field.widget) for field in form):
        from crispy_forms.utils import render_crispy_form

        return mark_safe(render_crispy_form(form))
    parts: list[str] = []
    errors = form.non_field_errors()
    if errors:
        parts.append(
            format_html(
                '<div class="alert alert-block alert-danger"><ul class="m-0">{}</ul></div>',
                format_html_join("\n", "<li>{}</li>", ((error,) for error in errors)),
            )
        )
    # The helper's errors are inline (<span>), as_crispy_field's a block (<p>): crispy's own difference.
    parts += [_hidden(field) if field.is_hidden else _field(field, error_tag="span") for field in form]
    return mark_safe("".join(parts))


def _hidden(field: BoundField) -> SafeString:
    """`str(field)` for a hidden field (an edit's version) as Django's input.html writes it, without the template."""
    widget = field.field.widget
    if type(widget) is not forms.HiddenInput:
        return SafeString(str(field))
    attrs = field.build_widget_attrs({}, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs["id"] = field.auto_id
    return _input(widget.get_context(field.html_name, field.value(), attrs)["widget"])


@register.filter
def quick_field(field: BoundField) -> SafeString:
    return _field(field, error_tag="p")


def _is_quick(widget: forms.Widget) -> bool:
    return type(widget) in (forms.Select, forms.Textarea) or (isinstance(widget, _INPUTS) and not widget.is_hidden)


def _field(field: BoundField, *, error_tag: str) -> SafeString:
    widget = field.field.widget
    is_select = type(widget) is forms.Select
    if not _is_quick(widget):
        from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field

        return as_crispy_field(field)
    css = widget.__class__.__name__.lower()
    css = "select form-select" if is_select else f"{css} form-control"
    if field.errors:
        css += " is-invalid"
    attrs = dict(widget.attrs)
    attrs["class"] = f"{attrs['class']} {css}" if attrs.get("class") else css
    attrs = field.build_widget_attrs(attrs, widget)  # required, disabled, aria-describedby, aria-invalid
    if field.auto_id and "id" not in widget.attrs:
        attrs["id"] = field.auto_id
    if is_select:
        control = _select(field, attrs)
    elif type(widget) is forms.Textarea:
        control = _textarea(widget.get_context(field.html_name, field.value(), attrs)["widget"])
    else:
        control = _input(widget.get_context(field.html_name, field.value(), attrs)["widget"])
    required = field.field.required
    label = (
        format_html(
            '<label for="{}" class="form-label{}">{}{}</label>',
            field.id_for_label,
            " requiredField" if required else "",
            field.label,
            mark_safe('<span class="asteriskField">*</span>') if required else "",
        )
        if field.label
        else ""
    )
    errors = ""
    if field.errors:
        errors = format_html(
            '<div id="{}_error" class="invalid-feedback">{}</div>',
            field.auto_id,
            format_html_join(
                "",
                '<{} id="error_{}_{}"><strong>{}</strong></{}>',
                ((error_tag, n, field.auto_id, e, error_tag) for n, e in enumerate(field.errors, 1)),
            ),
        )
    help_text = (
        format_html('<div id="{}_helptext" class="form-text">{}</div>', field.auto_id, mark_safe(field.help_text))
        if field.help_text
        else ""
    )
    return format_html('<div id="div_{}" class="mb-3">{}{}{}{}</div>', field.auto_id, label, control, errors, help_text)
