"""Improvement-plan pages: access → form → service → redirect, or render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_POST

from actions import selectors, services
from actions.access import get_action_for_user
from actions.export import export_csv, export_xlsx, template_xlsx
from actions.forms import (
    MAX_IMPORT_BYTES,
    ActionFilter,
    ActionForm,
    ActionUpdateForm,
    PlanImportForm,
    RagOverrideForm,
    notice_members,
)
from actions.importing import PlanRow, parse_plan
from actions.panels import panels_for
from actions.plan_rows import plan_row_html
from actions.rules import RULE_TEXT, derived_rag, is_overdue
from audit.models import SecurityEvent
from audit.services import record_event
from measures.access import get_notice_access
from measures.models import Notice
from measures.roles import Can
from measures.selectors import notice_names
from notice_tracker.lib import clock
from notice_tracker.lib.concurrency import StaleEdit
from notice_tracker.lib.conflict import refused, respond
from notice_tracker.lib.crumbs import notice_crumbs
from notice_tracker.lib.fragments import notice_mark
from notice_tracker.lib.http import AuthenticatedHttpRequest
from notice_tracker.lib.uploads import upload_size_guarded


def _plan_crumbs(notice: Notice, *tail: tuple[str, str | None]) -> list:
    if not tail:
        return notice_crumbs(notice, ("Improvement plan", None))
    return notice_crumbs(notice, ("Improvement plan", reverse("actions:action-list", args=[notice.pk])), *tail)


def _filtered_rows(request: AuthenticatedHttpRequest, notice: Notice) -> tuple[ActionFilter, list]:
    filterset = ActionFilter(request.GET or None, notice=notice)
    rows = selectors.action_rows(
        filterset.qs, on=clock.today(), sort=request.GET.get("sort", ""), **filterset.python_filters()
    )
    return filterset, rows


_COLUMNS = [
    ("measure", "Measure"),
    ("", "Requirement(s)"),
    ("reference", "Reference"),
    ("title", "Action"),
    ("owner", "Owner"),
    ("organisation", "Organisation"),
    ("start", "Start"),
    ("due", "Due"),
    ("status", "Status"),
    ("rag", "RAG"),
    ("percent", "% complete"),
    ("", "Latest update"),
]


def _sort_columns(sort: str) -> list[dict]:
    """Column headings with the link that sorts by them (again: the other way round)."""
    columns = []
    for key, label in _COLUMNS:
        aria = "ascending" if sort == key else "descending" if sort == f"-{key}" else ""
        columns.append({"key": key, "label": label, "aria_sort": aria, "next": f"-{key}" if sort == key else key})
    return columns


@login_required
def action_list(request: AuthenticatedHttpRequest, notice_pk: int) -> HttpResponse:
    access = get_notice_access(request.user, notice_pk)
    filterset = ActionFilter(request.GET or None, notice=access.notice)
    today = clock.today()
    sort = request.GET.get("sort", "")
    if sort.lstrip("-") not in selectors.SORTS:
        sort = selectors.DEFAULT_SORT
    page = SimpleLazyObject(
        lambda: selectors.action_page(
            filterset.qs,
            request.GET.get("page"),
            on=today,
            sort=request.GET.get("sort", ""),
            **filterset.python_filters(),
        )
    )
    can_create = access.can(Can.CREATE_ACTION)
    return render(
        request,
        "actions/action_list.html",
        {
            "access": access,
            "notice": access.notice,
            "filter": filterset,
            "page": page,
            "rows_html": SimpleLazyObject(lambda: [plan_row_html(row) for row in page.object_list]),
            # The table is made from records the notice's mark covers and the names of its members and
            # organisations: kept per process under the mark, those names and the query (filters, sort,
            # page), and read (`page`) only when it is rendered again.
            "position_mark": notice_mark(access.notice, on=today),
            "table_key": "|".join([request.GET.urlencode(), str(can_create), notice_names(access.notice.pk)]),
            "sort": sort,
            "columns": _sort_columns(sort),
            "rule_text": RULE_TEXT,
            "today": today,
            "can_create": can_create,
            "can_import": access.can(Can.EDIT_ANY_ACTION),
            "breadcrumbs": _plan_crumbs(access.notice),
        },
    )


@login_required
def action_export(request: AuthenticatedHttpRequest, notice_pk: int) -> HttpResponse:
    access = get_notice_access(request.user, notice_pk)
    _, rows = _filtered_rows(request, access.notice)
    exporters = {"csv": export_csv, "xlsx": export_xlsx}
    exporter = exporters.get(request.GET.get("format", "csv"))
    if exporter is None:
        raise Http404("Export as csv or xlsx.")
    fmt = request.GET.get("format", "csv")
    record_event(
        kind=SecurityEvent.Kind.EXPORT, request=request, notice=access.notice, detail=f"improvement plan {fmt.upper()}"
    )
    return exporter(rows, notice=access.notice, on=clock.today())


@login_required
def action_detail(request: AuthenticatedHttpRequest, notice_pk: int, action_pk: int) -> HttpResponse:
    found = get_action_for_user(request.user, notice_pk, action_pk)
    action, today = found.action, clock.today()
    can_edit = found.can_edit
    detail = selectors.action_detail(action)
    return render(
        request,
        "actions/action_detail.html",
        {
            "access": found.access,
            "notice": found.notice,
            "action": action,
            "detail": detail,
            # The updates and the history, written once per process for each version of what they show.
            "updates_key": detail.mark,
            "history_key": detail.mark,
            "panels": panels_for(found.access, action),
            "rag": action.rag(on=today),
            "derived_rag": derived_rag(action, on=today),
            "overdue": is_overdue(action, on=today),
            "can_edit": can_edit,
            "rule_text": RULE_TEXT,
            "update_form": ActionUpdateForm(action=action) if can_edit and not action.is_closed else None,
            "override_form": RagOverrideForm(action=action) if can_edit else None,
            "breadcrumbs": _plan_crumbs(found.notice, (action.reference, None)),
        },
    )


@login_required
def action_create(request: AuthenticatedHttpRequest, notice_pk: int) -> HttpResponse:
    access = get_notice_access(request.user, notice_pk, need=Can.CREATE_ACTION)
    initial = {
        "owner": request.user.pk,
        "lead_organisation": access.membership.organisation_id,
        "start_on": clock.today(),
    }
    form = ActionForm(request.POST or None, notice=access.notice, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            action = services.action_create(notice=access.notice, by=request.user, data=form.cleaned_data)
        except services.ActionRefused as exc:
            form.add_error("reference", str(exc))
        else:
            messages.success(request, f"Action {action.reference} added to the plan.")
            return redirect(action)
    return render(
        request,
        "actions/action_form.html",
        {
            "notice": access.notice,
            "form": form,
            "title": "Add an action",
            "breadcrumbs": _plan_crumbs(access.notice, ("Add an action", None)),
        },
    )


@login_required
def action_edit(request: AuthenticatedHttpRequest, notice_pk: int, action_pk: int) -> HttpResponse:
    found = get_action_for_user(request.user, notice_pk, action_pk, write=True)
    form, conflict = ActionForm(request.POST or None, notice=found.notice, action=found.action), None
    if request.method == "POST" and form.is_valid():
        try:
            action = services.action_edit(
                action=found.action,
                by=request.user,
                data=form.cleaned_data,
                expected_version=form.cleaned_data["version"],
            )
        except StaleEdit as stale:
            form, conflict = refused(
                form,
                stale.current,
                noun="action",
                history=selectors.action_history,
                notice=found.notice,
                action=stale.current,
            )
        except services.ActionRefused as exc:
            form.add_error("reference", str(exc))
        else:
            messages.success(request, f"Action {action.reference} saved.")
            return redirect(action)
    return respond(
        request,
        "actions/action_form.html",
        {
            "notice": found.notice,
            "form": form,
            "action": found.action,
            "title": f"Edit action {found.action.reference}",
            "breadcrumbs": _plan_crumbs(
                found.notice, (found.action.reference, found.action.get_absolute_url()), ("Edit", None)
            ),
        },
        conflict=conflict,
    )


@login_required
def action_update_add(request: AuthenticatedHttpRequest, notice_pk: int, action_pk: int) -> HttpResponse:
    found = get_action_for_user(request.user, notice_pk, action_pk, write=True)
    form = ActionUpdateForm(request.POST or None, action=found.action)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_add_update(action=found.action, by=request.user, **form.cleaned_data)
        except services.ActionRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Progress logged on {found.action.reference}.")
            return redirect(found.action.get_absolute_url() + "#updates")
    return render(
        request,
        "actions/action_update_form.html",
        {
            "notice": found.notice,
            "action": found.action,
            "form": form,
            "breadcrumbs": _plan_crumbs(
                found.notice, (found.action.reference, found.action.get_absolute_url()), ("Log progress", None)
            ),
        },
    )


@login_required
def action_override(request: AuthenticatedHttpRequest, notice_pk: int, action_pk: int) -> HttpResponse:
    found = get_action_for_user(request.user, notice_pk, action_pk, write=True)
    form, conflict = RagOverrideForm(request.POST or None, action=found.action), None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.action_override_rag(
                action=found.action,
                by=request.user,
                rag=data["rag_override"],
                reason=data["rag_override_reason"],
                expected_version=data["version"],
            )
        except StaleEdit as stale:
            form, conflict = refused(
                form, stale.current, noun="action", history=selectors.action_history, action=stale.current
            )
        else:
            messages.success(
                request,
                f"Rating of {found.action.reference} {'overridden' if data['rag_override'] else 'returned to the derived one'}.",
            )
            return redirect(found.action)
    return respond(
        request,
        "actions/action_override_form.html",
        {
            "notice": found.notice,
            "action": found.action,
            "form": form,
            "derived_rag": derived_rag(found.action, on=clock.today()),
            "rule_text": RULE_TEXT,
            "breadcrumbs": _plan_crumbs(
                found.notice, (found.action.reference, found.action.get_absolute_url()), ("Override rating", None)
            ),
        },
        conflict=conflict,
    )


def _import_session_key(notice: Notice) -> str:
    return f"plan-import-{notice.pk}"


@login_required
@upload_size_guarded(max_bytes=MAX_IMPORT_BYTES, what="Improvement plan files")
def plan_import(request: AuthenticatedHttpRequest, notice_pk: int) -> HttpResponse:
    access = get_notice_access(request.user, notice_pk, need=Can.EDIT_ANY_ACTION)
    form = PlanImportForm(request.POST or None, request.FILES or None)
    crumbs = _plan_crumbs(access.notice, ("Import a plan", None))
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        preview = parse_plan(upload.read(), upload.name, notice=access.notice)
        token = ""
        if preview.can_import:
            # The rows to create stay on the server; the confirm form carries only this token.
            token = preview.sha256
            request.session[_import_session_key(access.notice)] = {
                "token": token,
                "filename": preview.filename,
                "rows": [row.to_session() for row in preview.rows],
            }
        return render(
            request,
            "actions/plan_import_preview.html",
            {
                "notice": access.notice,
                "preview": preview,
                "token": token,
                "breadcrumbs": crumbs,
            },
        )
    return render(request, "actions/plan_import.html", {"notice": access.notice, "form": form, "breadcrumbs": crumbs})


@require_POST
@login_required
def plan_import_confirm(request: AuthenticatedHttpRequest, notice_pk: int) -> HttpResponse:
    access = get_notice_access(request.user, notice_pk, need=Can.EDIT_ANY_ACTION)
    stored = request.session.get(_import_session_key(access.notice))
    if not stored or stored["token"] != request.POST.get("token"):
        messages.error(request, "That preview is no longer available. Upload the file again to see a fresh preview.")
        return redirect("actions:plan-import", notice_pk=access.notice.pk)
    rows = [PlanRow.from_session(row) for row in stored["rows"]]
    try:
        created = services.plan_import_commit(notice=access.notice, by=request.user, rows=rows)
    except services.ActionRefused as exc:
        messages.error(request, f"Nothing was imported. {exc} Upload the file again to see a fresh preview.")
        return redirect("actions:plan-import", notice_pk=access.notice.pk)
    del request.session[_import_session_key(access.notice)]
    messages.success(
        request, f"Imported {len(created)} action{'s' if len(created) != 1 else ''} from {stored['filename']}."
    )
    return redirect("actions:action-list", notice_pk=access.notice.pk)


@login_required
def plan_import_template(request: AuthenticatedHttpRequest, notice_pk: int) -> HttpResponse:
    """An empty plan to fill in: the export's columns, and this notice's references, owners and organisations."""
    access = get_notice_access(request.user, notice_pk, need=Can.EDIT_ANY_ACTION)
    owners = [(user.username, user.get_full_name()) for user in notice_members(access.notice)]
    organisations = list(access.notice.organisations.order_by("name").values_list("name", flat=True))
    return template_xlsx(access.notice, owners=owners, organisations=organisations)
