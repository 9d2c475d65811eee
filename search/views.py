"""The search page: every kind's best matches, or one kind's full list a page at a time."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render

from notice_tracker.lib.http import AuthenticatedHttpRequest
from notice_tracker.lib.pagination import PAGE_SIZE, get_page
from search.forms import SearchForm
from search.hit_rows import hit_html
from search.selectors import KINDS, LIMIT_PER_KIND, MIN_QUERY_CHARS, search


@login_required
def results(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    form.is_valid()  # each field valid on its own is used; a bad page or kind falls back to the default
    if "notice" in form.errors:
        raise Http404("No notice found.")
    data = form.cleaned_data
    notice_id = data.get("notice")
    kind = data.get("kind") or None
    number = (data.get("page") or 1) if kind else 1
    per_page = PAGE_SIZE if kind else LIMIT_PER_KIND
    found = search(
        request.user,
        data.get("q", ""),
        notice_id=notice_id,
        kinds=[kind] if kind else KINDS,
        limit_per_kind=per_page,
        offset=(number - 1) * per_page,
    )
    if notice_id is not None and not found.scope:
        raise Http404("No notice found.")
    page = None
    if kind and found.groups:
        group = found.groups[0]
        if number > 1 and not group.hits:  # past the last page: back to the first
            query = request.GET.copy()
            query.pop("page")
            return HttpResponseRedirect(f"{request.path}?{query.urlencode()}")
        page = get_page(range(group.total), str(number), per_page=per_page)
    return render(
        request,
        "search/results.html",
        {
            "form": form,
            "found": found,
            # Each kind with its hits written in Python (search/hit_rows.py).
            "groups": [
                (group, [hit_html(hit, show_notice=len(found.scope) > 1) for hit in group.hits])
                for group in found.groups
            ],
            "kind": kind,
            "page": page,
            "scope_notice": found.scope[0] if notice_id is not None else None,
            "min_chars": MIN_QUERY_CHARS,
        },
    )
