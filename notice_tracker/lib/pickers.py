"""Choosing several of a long list by keyboard, touch and screen reader: checkboxes, not a Ctrl-click select.

`CheckboxPicker` is a multiple-choice widget written as plain checkboxes, one fieldset per group
(a requirement's measure) with the group's name as its legend. It works as it is with JavaScript
off. static/js/pickers.js adds, to any `[data-picker]`, a filter box that hides the options that
do not match what is typed (an option matches on its own words or its group's) and a "Selected"
list of what is ticked, each with a button that unticks it, so every choice stays visible and
removable however the list is filtered.

A crispy-forms field with this widget is drawn as a fieldset whose legend is the field's label
(`use_fieldset`); it is no `CheckboxSelectMultiple`, so crispy leaves the drawing to `render`,
which writes the markup in Python (one template per option costs more than the page around it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.forms.models import ModelChoiceIteratorValue
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe


class CheckboxPicker(forms.SelectMultiple):
    """Checkboxes for a multiple choice, grouped by `group_by(instance)` (a model choice) or by the
    field's own option groups, with a filter box and a "Selected" list when JavaScript runs."""

    use_fieldset = True
    input_type = "checkbox"

    def __init__(
        self, *, noun: str = "options", group_by: Callable[[Any], str] | None = None, attrs: dict | None = None
    ) -> None:
        super().__init__(attrs)
        self.noun = noun  # "requirements": the filter box and the counts name what is listed
        self.group_by = group_by

    def value_omitted_from_data(self, data, files, name) -> bool:
        return False  # no box ticked sends nothing: that is a choice of none, not a field left out

    def id_for_label(self, id_: str | None, index: str | None = None) -> str:
        # The first box: where an error summary's link takes the reader (GOV.UK's pattern).
        return f"{id_}_{index or 0}" if id_ else ""

    def _groups(self, value: list[str]) -> list[tuple[str | None, list[tuple[str, str, bool]]]]:
        """(group name or None, [(value, label, checked)]) in the choices' order."""
        chosen = {str(v) for v in value}
        groups: dict[str | None, list[tuple[str, str, bool]]] = {}
        for option_value, label in self.choices:
            if isinstance(label, list | tuple):  # an option group of the field's own choices
                for sub_value, sub_label in label:
                    groups.setdefault(str(option_value), []).append(
                        (str(sub_value), str(sub_label), str(sub_value) in chosen)
                    )
                continue
            if option_value in ("", None):
                continue
            group = None
            if self.group_by is not None and isinstance(option_value, ModelChoiceIteratorValue):
                group = self.group_by(option_value.instance)  # type: ignore[attr-defined]  # the model row
            text = str(option_value)
            groups.setdefault(group, []).append((text, str(label), text in chosen))
        return list(groups.items())

    def render(self, name: str, value: Any, attrs: dict | None = None, renderer: Any = None) -> SafeString:
        attrs = self.build_attrs(self.attrs, attrs)
        base_id = attrs.get("id") or f"id_{name}"
        described = attrs.get("aria-describedby")
        invalid = "is-invalid" in str(attrs.get("class", ""))
        values = self.format_value(value)
        count = 0
        parts = []
        for group, options in self._groups(values):
            boxes = []
            for option_value, label, checked in options:
                box_id = f"{base_id}_{count}"
                count += 1
                boxes.append(
                    format_html(
                        '<div class="form-check" data-picker-option>'
                        '<input class="form-check-input{}" type="checkbox" name="{}" value="{}" id="{}"{}{}>'
                        '<label class="form-check-label" for="{}">{}</label></div>',
                        " is-invalid" if invalid else "",
                        name,
                        option_value,
                        box_id,
                        mark_safe(" checked") if checked else "",
                        format_html(' aria-describedby="{}"', described) if described else "",
                        box_id,
                        label,
                    )
                )
            inner = mark_safe("".join(boxes))
            if group is None:
                parts.append(format_html('<div class="picker-group" data-picker-group>{}</div>', inner))
            else:
                parts.append(
                    format_html(
                        '<fieldset class="picker-group" data-picker-group><legend class="picker-legend">{}</legend>'
                        "{}</fieldset>",
                        group,
                        inner,
                    )
                )
        if not count:
            return format_html(
                '<p class="form-text" id="{}">There are no {} to choose from yet.</p>', base_id, self.noun
            )
        # The filter and the "Selected" list are hidden until pickers.js fills them in: without it,
        # the ticked boxes are the selection.
        return format_html(
            '<div class="picker" id="{}" data-picker data-noun="{}">'
            '<div class="picker-tools" data-picker-tools hidden>'
            '<label class="form-label small mb-1" for="{}_filter">Filter the {}</label>'
            '<input class="form-control form-control-sm" type="search" id="{}_filter" data-picker-filter '
            'autocomplete="off" aria-describedby="{}_shown">'
            '<p class="form-text mt-1 mb-2" id="{}_shown" data-picker-shown aria-live="polite"></p>'
            '<div class="picker-selected" data-picker-selected></div>'
            "</div>"
            '<div class="picker-options" data-picker-options>{}</div>'
            "</div>",
            base_id,
            self.noun,
            base_id,
            self.noun,
            base_id,
            base_id,
            base_id,
            mark_safe("".join(parts)),
        )


def requirement_group(requirement: Any) -> str:
    """A requirement's measure, as the legend of its group: "3. Help and protection"."""
    measure = requirement.measure
    return f"{measure.reference}. {measure.heading}"
