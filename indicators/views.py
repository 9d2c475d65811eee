"""Indicator pages: the list with RAG and trend, one indicator in full, entering and importing figures."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from indicators import forms, importing, selectors, services
from indicators.access import entry_scope, get_indicator_access
from indicators.library import LIBRARY
from indicators.models import Indicator, IndicatorValue
from indicators.periods import add_months, month_start, period_label
from measures.access import NoticeAccess, get_notice_access
from measures.roles import Can
from notice_tracker.lib import clock
from notice_tracker.lib.concurrency import StaleEdit
from notice_tracker.lib.conflict import Conflict, refused, respond
from notice_tracker.lib.crumbs import notice_crumbs
from notice_tracker.lib.fragments import notice_mark
from notice_tracker.lib.http import AuthenticatedHttpRequest
from notice_tracker.lib.uploads import upload_size_guarded


def _crumbs(notice, *tail):
    if not tail:
        return notice_crumbs(notice, ("Indicators", None))
    return notice_crumbs(notice, ("Indicators", reverse("indicators:indicator-list", args=[notice.pk])), *tail)


def _page(
    request: AuthenticatedHttpRequest,
    template: str,
    access: NoticeAccess,
    *,
    conflict: Conflict | None = None,
    **context,
) -> HttpResponse:
    return respond(
        request,
        template,
        {
            "access": access,
            "notice": access.notice,
            "can_enter": access.can(Can.ENTER_INDICATORS),
            "can_manage": access.can(Can.MANAGE_INDICATORS),
            **context,
        },
        conflict=conflict,
    )


def indicator_list(request: AuthenticatedHttpRequest, notice_pk: int) -> HttpResponse:
    access = get_notice_access(request.user, notice_pk)
    page_number = request.GET.get("page")
    return _page(
        request,
        "indicators/indicator_list.html",
        access,
        # Made from records the notice's mark covers: kept per process under it, and read only when
        # the kept list is rendered again.
        listed=SimpleLazyObject(lambda: selectors.indicator_list(access.notice, page_number)),
        list_key=request.GET.urlencode(),  # the pages' links carry the query
        position_mark=notice_mark(access.notice, on=clock.today()),
        breadcrumbs=_crumbs(access.notice),
    )


def indicator_detail(request: AuthenticatedHttpRequest, notice_pk: int, code: str) -> HttpResponse:
    access, indicator = get_indicator_access(request.user, notice_pk, code)
    today = clock.today()
    detail = selectors.indicator_detail(access.notice, indicator)
    return _page(
        request,
        "indicators/indicator_detail.html",
        access,
        detail=detail,
        indicator=indicator,
        chart=lambda: detail.row.chart_svg(),  # called only when the kept analysis is rendered again
        # Its analysis, figures and history are made from records the notice's mark covers, and
        # people's names (`names`, part of their key): kept per process under that mark, and read
        # (`detail.row`, `detail.history`) only when rendered again.
        position_mark=notice_mark(access.notice, on=today),
        names=detail.names,
        breadcrumbs=_crumbs(access.notice, (indicator.code, None)),
    )


def _return_period(request: AuthenticatedHttpRequest, notice, today: date) -> tuple[forms.PeriodForm, date]:
    default = add_months(month_start(today), -1)
    period_form = forms.PeriodForm(request.GET or {"period": f"{default:%Y-%m}"}, notice=notice, today=today)
    return period_form, period_form.chosen_period() or default


def indicator_return(request: AuthenticatedHttpRequest, notice_pk: int) -> HttpResponse:
    access = get_notice_access(request.user, notice_pk, need=Can.ENTER_INDICATORS)
    today = clock.today()
    period_form, period = _return_period(request, access.notice, today)
    rows = selectors.return_rows(access.notice, period=period, organisation_id=entry_scope(access))
    form, conflict = forms.MonthlyReturnForm(request.POST or None, rows=rows, period=period), None
    if request.method == "POST" and form.is_valid():
        try:
            summary = services.indicator_values_record(entries=form.entries, by=request.user, today=today)
        except StaleEdit as stale:
            assert isinstance(stale.current, IndicatorValue)  # the only record a monthly return saves
            form, conflict = refused(
                form,
                stale.current,
                noun="figure",
                history=selectors.figure_versions,
                version_field=f"i{stale.current.indicator_id}_version",
                rows=rows,
                period=period,
            )
        except services.FigureError as error:
            form.add_error(None, f"{error.entry.indicator.code}: {error}" if error.entry else str(error))
        else:
            messages.success(request, f"Figures for {period_label(period)} saved: {summary}.")
            return redirect(f"{reverse('indicators:indicator-return', args=[notice_pk])}?period={period:%Y-%m}")
    return _page(
        request,
        "indicators/indicator_return.html",
        access,
        form=form,
        period_form=period_form,
        period=period,
        rows=rows,
        breadcrumbs=_crumbs(access.notice, ("Monthly return", None)),
        conflict=conflict,
    )


@upload_size_guarded(max_bytes=importing.MAX_BYTES, what="Import files")
def indicator_import(request: AuthenticatedHttpRequest, notice_pk: int) -> HttpResponse:
    access = get_notice_access(request.user, notice_pk, need=Can.ENTER_INDICATORS)
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    checked = confirm = None
    if request.method == "POST" and form.is_valid():
        checked = importing.check_records(
            form.records,
            notice=access.notice,
            headers=form.headers,
            scope_organisation_id=entry_scope(access),
            today=clock.today(),
        )
        if checked.ok:
            confirm = forms.ImportConfirmForm(initial={"payload": forms.import_payload(form.headers, form.records)})
    return _import_page(request, access, form=form, checked=checked, confirm=confirm)


def indicator_import_confirm(request: AuthenticatedHttpRequest, notice_pk: int) -> HttpResponse:
    access = get_notice_access(request.user, notice_pk, need=Can.ENTER_INDICATORS)
    if request.method != "POST":
        return redirect("indicators:indicator-import", notice_pk)
    confirm = forms.ImportConfirmForm(request.POST)
    if confirm.is_valid():
        try:
            summary = services.indicators_import(
                notice=access.notice,
                records=confirm.records,
                headers=confirm.headers,
                by=request.user,
                scope_organisation_id=entry_scope(access),
            )
        except services.ImportRejected as rejected:
            return _import_page(request, access, form=forms.ImportForm(), checked=rejected.checked, confirm=None)
        messages.success(request, f"Import complete: {summary}.")
        return redirect("indicators:indicator-list", notice_pk)
    return _import_page(
        request, access, form=forms.ImportForm(), checked=None, confirm=None, problem=str(confirm.errors["payload"][0])
    )


def _import_page(
    request: AuthenticatedHttpRequest, access, *, form, checked, confirm, problem: str = ""
) -> HttpResponse:
    return _page(
        request,
        "indicators/indicator_import.html",
        access,
        form=form,
        checked=checked,
        confirm=confirm,
        problem=problem,
        columns=importing.COLUMNS,
        breadcrumbs=_crumbs(access.notice, ("Import figures", None)),
    )


def indicator_add(request: AuthenticatedHttpRequest, notice_pk: int) -> HttpResponse:
    access = get_notice_access(request.user, notice_pk, need=Can.MANAGE_INDICATORS)
    form = forms.IndicatorForm(request.POST or None, notice=access.notice)
    if request.method == "POST" and form.is_valid():
        indicator = services.indicator_create(notice=access.notice, by=request.user, data=form.cleaned_data)
        messages.success(request, f"Indicator {indicator.code} added.")
        return redirect(indicator.get_absolute_url())
    return _page(
        request,
        "indicators/indicator_form.html",
        access,
        form=form,
        title="Add an indicator",
        breadcrumbs=_crumbs(access.notice, ("Add an indicator", None)),
    )


def indicator_edit(request: AuthenticatedHttpRequest, notice_pk: int, code: str) -> HttpResponse:
    access, indicator = get_indicator_access(request.user, notice_pk, code, need=Can.MANAGE_INDICATORS)
    form, conflict = forms.IndicatorForm(request.POST or None, instance=indicator, notice=access.notice), None
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.indicator_update(
                indicator=indicator,
                by=request.user,
                data=form.cleaned_data,
                expected_version=form.cleaned_data["version"] or 0,
            )
        except StaleEdit as stale:
            form, conflict = refused(
                form,
                stale.current,
                noun="indicator",
                history=selectors.indicator_versions,
                instance=Indicator.objects.get(pk=indicator.pk),
                notice=access.notice,
            )
        else:
            messages.success(request, f"Indicator {saved.code} saved.")
            return redirect(saved.get_absolute_url())
    return _page(
        request,
        "indicators/indicator_form.html",
        access,
        form=form,
        title=f"Edit {code}",
        breadcrumbs=_crumbs(access.notice, (code, indicator.get_absolute_url()), ("Edit", None)),
        conflict=conflict,
    )


def indicator_library(request: AuthenticatedHttpRequest, notice_pk: int) -> HttpResponse:
    access = get_notice_access(request.user, notice_pk, need=Can.MANAGE_INDICATORS)
    existing = set(Indicator.objects.filter(notice=access.notice).values_list("code", flat=True))
    form = forms.LibraryForm(request.POST or None, notice=access.notice, existing_codes=existing)
    if request.method == "POST" and form.is_valid():
        added = services.indicators_from_library(
            notice=access.notice,
            codes=form.cleaned_data["codes"],
            owner_organisation=form.cleaned_data["owner_organisation"],
            by=request.user,
        )
        messages.success(request, f"{len(added)} indicators added. Set each one's target next.")
        return redirect("indicators:indicator-list", notice_pk)
    return _page(
        request,
        "indicators/indicator_library.html",
        access,
        form=form,
        library=LIBRARY,
        existing=existing,
        breadcrumbs=_crumbs(access.notice, ("Library", None)),
    )
