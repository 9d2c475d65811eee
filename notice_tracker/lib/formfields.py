"""A form's field by name, as the kind of field it is, for forms that narrow choices per notice.

`form.fields[name]` is typed as a plain `Field`; these check the kind once, where the form sets
its choices or queryset, so a renamed or retyped field fails loudly rather than silently.
"""

from __future__ import annotations

from django import forms


def choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    field = form.fields[name]
    if not isinstance(field, forms.ChoiceField):
        raise TypeError(f"{type(form).__name__}.{name} is a {type(field).__name__}, not a choice field")
    return field


def model_choice_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    field = form.fields[name]
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(f"{type(form).__name__}.{name} is a {type(field).__name__}, not a model choice field")
    return field
