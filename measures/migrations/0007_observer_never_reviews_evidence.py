"""Observers never review evidence (security review, issue 13, finding 2).

Rows saying otherwise were written before the rule; the flag is cleared before the database is
made to refuse it. The change is written without history: it is a correction, not an act.
"""

from django.conf import settings
from django.db import migrations, models


def clear_flag_on_observers(apps, schema_editor):
    Membership = apps.get_model("measures", "Membership")
    Membership.objects.filter(role="observer", can_review_evidence=True).update(can_review_evidence=False)


class Migration(migrations.Migration):
    dependencies = [
        ("measures", "0006_visits_moved_to_dashboards_app"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(clear_flag_on_observers, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="membership",
            constraint=models.CheckConstraint(
                condition=models.Q(("can_review_evidence", True), ("role", "observer"), _negated=True),
                name="membership_observer_never_reviews",
                violation_error_message="A DfE observer cannot review evidence.",
            ),
        ),
    ]
