from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from notice_tracker.lib.fasturls import detail_url

register = template.Library()


@register.simple_tag(takes_context=True)
def nav_link(context, view_name: str, *args, label: str, exact: bool = False, unless: str = "") -> str:
    """A notice navigation link, marked aria-current when the page is in its section.

    A section is every page under the link's URL (`exact` for a page with none), except
    paths continuing with `unless` (the coverage matrix sits under the evidence list).
    """
    # Every page draws these ten links: reversed once per process with a stand-in id (fasturls).
    url = detail_url(view_name, *args) if len(args) == 1 and isinstance(args[0], int) else reverse(view_name, args=args)
    path = context["request"].path
    rest = path[len(url) :] if path.startswith(url) else None
    current = rest == "" if exact else rest is not None and not (unless and rest.startswith(unless))
    return format_html(
        '<li class="nav-item"><a class="nav-link{}" href="{}"{}>{}</a></li>',
        " active" if current else "",
        url,
        mark_safe(' aria-current="page"') if current else "",  # markup, not text: format_html escapes text
        label,
    )


@register.simple_tag(takes_context=True)
def filters_active(context) -> bool:
    """Whether the page's query string filters the list (sorting and paging do not count):
    a folded "Filter" disclosure starts open when it does, so what is applied stays in view."""
    return any(value for key, value in context["request"].GET.items() if key not in {"sort", "page"})
