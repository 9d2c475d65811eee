"""The Board meetings list's rows, written in Python (meetings/rows.py), are what the template's loop wrote."""

from datetime import date

from django.template import Context, Template

from meetings import selectors
from meetings.rows import meeting_row
from meetings.tests.factories import make_meeting, minutes_pdf

# The row each meeting had when meeting_list.html's loop wrote it, kept to check the Python that writes it now.
TEMPLATE_ROW = """{% load days %}<tr>
      <th scope="row"><a href="{{ meeting.get_absolute_url }}">{{ meeting.held_on|day }}</a>
        {% if meeting.location %}<div class="small text-muted fw-normal">{{ meeting.location }}</div>{% endif %}</th>
      <td>{{ meeting.chaired_by|default:"–" }}</td>
      <td>{{ meeting.attendee_count }}</td>
      <td>{% if meeting.dfe_attended %}Attended{% if meeting.dfe_attendee_name %} ({{ meeting.dfe_attendee_name }}){% endif %}{% else %}Did not attend{% endif %}</td>
      <td>{% if meeting.council_report_received %}Presented{% else %}Not presented{% endif %}</td>
      <td>{{ meeting.action_count }}</td>
      <td>{% if meeting.has_minutes %}<a href="{{ meeting.get_minutes_url }}">Download minutes<span class="visually-hidden"> of {{ meeting.held_on|day }}</span></a>{% else %}Not uploaded{% endif %}</td>
    </tr>"""  # noqa: E501


def test_each_row_is_what_the_template_wrote_with_every_value_escaped(personas):
    notice, chair = personas.notice, personas["chair"]
    make_meeting(notice, chair, held_on=date(2014, 6, 17), members=[chair], minutes=minutes_pdf())
    make_meeting(
        notice,
        chair,
        held_on=date(2014, 7, 15),
        location='<b>"Room" & 2</b>',
        chaired_by="",
        dfe_attended=True,
        dfe_attendee_name="A <Person>",
    )
    make_meeting(notice, chair, held_on=date(2014, 8, 12), location="", dfe_attended=True)
    meetings = selectors.meeting_page(notice, None).object_list
    assert len(meetings) == 3
    for meeting in meetings:
        assert str(meeting_row(meeting)) == Template(TEMPLATE_ROW).render(Context({"meeting": meeting}))
    odd = str(meeting_row(meetings[1]))
    assert "&lt;b&gt;&quot;Room&quot; &amp; 2&lt;/b&gt;" in odd and "Attended (A &lt;Person&gt;)" in odd
    assert "<td>–</td>" in odd and "Download minutes" in str(meeting_row(meetings[2]))
