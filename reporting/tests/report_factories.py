"""Builders for the statutory report tests: reports made and issued through the services, and
a small notice whose period facts are known exactly (`make_scene`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from io import BytesIO

from pypdf import PdfReader

from actions.tests import factories as action_factories
from evidence import services as evidence_services
from evidence.tests import factories as evidence_factories
from indicators.tests import factories as indicator_factories
from measures.models import Duty
from measures.tests import factories
from meetings.tests import factories as meeting_factories
from reporting import jobs, services
from reports.models import Report

Q1 = (date(2014, 5, 21), date(2014, 8, 20))  # the first 3-monthly period of a notice issued on 21 May 2014
Q2 = (date(2014, 8, 21), date(2014, 11, 20))
TINY_PDF = evidence_factories.pdf("Issued report")


def make_report(notice, author, *, kind: str = Report.Kind.CHAIR, period: tuple[date, date] = Q1, **extra) -> Report:
    return services.report_create(
        notice=notice, by=author, kind=kind, period_start=period[0], period_end=period[1], **extra
    )


def issue_quickly(report: Report, by, *, on: date = date(2014, 8, 21), pdf: bytes = TINY_PDF) -> Report:
    """Issue through the service with given bytes: for tests about issued rows, not about PDF content."""
    return services.report_issue(report_pk=report.pk, by=by, on=on, pdf=pdf, snapshot={"test": True})


def issue_for_real(report: Report, by, *, on: date = date(2014, 8, 21)) -> Report:
    """Issue as the Issue button does without a job queue: the PDF rendered by WeasyPrint in the request."""
    jobs.request_build(report=report, by=by, final=True, on=on)
    return Report.objects.get(pk=report.pk)


def tiny_upload(content: bytes = TINY_PDF, name: str = "copy.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/pdf")


def pdf_text(pdf: bytes) -> list[str]:
    """The text of each page."""
    return [page.extract_text() for page in PdfReader(BytesIO(pdf)).pages]


@dataclass
class Scene:
    notice: object
    measure_a: object
    measure_b: object
    failing: object  # an indicator failing its target at the end of Q1
    restricted_title: str
    open_title: str


def make_scene(personas) -> Scene:
    """A notice with known Q1 facts.

    Measure 2 ("Improve assessments"): one action completed in Q1, one due in Q1 and overdue at
    its end, one completed after Q1 ended (so overdue at the end of Q1), one due after Q1; one
    accepted evidence item covering June 2014 and one restricted accepted item. Measure 3
    ("Strengthen the voice of the child"): one action due in Q1 and completed in it. Indicator
    ASSESS-45 (linked to measure 2) falls to 61.5% against a target of at least 85%.
    """
    notice, chair, officer = personas.notice, personas["chair"], personas["officer"]
    org = personas.organisation
    a = factories.make_measure(notice, "2", heading="Improve the quality of assessments")
    b = factories.make_measure(notice, "3", heading="Strengthen the voice of the child")
    ra, rb = factories.make_requirement(a, "2.1", kind="impact"), factories.make_requirement(b, "3.1")
    make = action_factories.make_action
    make(
        notice,
        owner=officer,
        organisation=org,
        requirements=[ra],
        reference="A-1",
        title="Audit twenty case files",
        start_on=date(2014, 6, 1),
        due_on=date(2014, 7, 31),
        status="complete",
        completed_on=date(2014, 7, 20),
    )
    make(
        notice,
        owner=officer,
        organisation=org,
        requirements=[ra],
        reference="A-2",
        title="Retrain duty team",
        start_on=date(2014, 6, 1),
        due_on=date(2014, 8, 1),
        status="in_progress",
        percent_complete=60,
    )
    make(
        notice,
        owner=officer,
        organisation=org,
        requirements=[ra],
        reference="A-3",
        title="Publish practice standards",
        start_on=date(2014, 6, 1),
        due_on=date(2014, 8, 10),
        status="complete",
        completed_on=date(2014, 9, 15),
    )
    make(
        notice,
        owner=officer,
        organisation=org,
        requirements=[ra],
        reference="A-4",
        title="Second audit round",
        start_on=date(2014, 9, 1),
        due_on=date(2014, 12, 19),
        status="planned",
    )
    make(
        notice,
        owner=officer,
        organisation=org,
        requirements=[rb],
        reference="B-1",
        title="Launch the children's panel",
        start_on=date(2014, 6, 1),
        due_on=date(2014, 8, 15),
        status="complete",
        completed_on=date(2014, 8, 14),
    )
    open_item = evidence_factories.make_item(notice, officer, title="June case-file audit summary", requirements=[ra])
    secret = evidence_factories.make_item(
        notice, officer, title="Named child chronology for Smith family", requirements=[ra], restricted=True
    )
    for item in (open_item, secret):
        evidence_services.evidence_review(
            item=item, by=chair, decision="accepted", note="", expected_version=item.version
        )
    indicator = indicator_factories.make_indicator(
        notice, "ASSESS-45", owner=org, name="Assessments completed within 45 working days"
    )
    indicator.requirements.set([ra])
    indicator_factories.add_values(indicator, [72, 68, 61.5])  # June, July, August 2014
    factories.make_duty(notice, Duty.Code.CHAIR_REPORT, title="Chair's 3-monthly report to the Minister", section="13")
    meeting_factories.make_meeting(
        notice, chair, held_on=date(2014, 6, 17), dfe_attended=True, dfe_attendee_name="J Fraser"
    )
    meeting_factories.make_meeting(notice, chair, held_on=date(2014, 8, 19))
    return Scene(
        notice=notice,
        measure_a=a,
        measure_b=b,
        failing=indicator,
        restricted_title=secret.title,
        open_title=open_item.title,
    )
