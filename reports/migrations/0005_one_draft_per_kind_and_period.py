from django.conf import settings
from django.db import migrations, models
from django.db.models import Count


def refuse_duplicate_drafts(apps, schema_editor):
    """Two drafts of one kind for one period (the old "Start" made them) cannot be merged by a
    migration without choosing whose words to lose: name them and stop, so a person decides."""
    Report = apps.get_model("reports", "Report")
    duplicates = (
        Report.objects.filter(status="draft")
        .values("notice_id", "kind", "period_start", "period_end")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    if duplicates:
        groups = [
            sorted(
                Report.objects.filter(
                    status="draft", **{k: row[k] for k in ("notice_id", "kind", "period_start", "period_end")}
                ).values_list("id", flat=True)
            )
            for row in duplicates
        ]
        raise RuntimeError(
            "Some reports have more than one draft for the same period (report ids "
            + "; ".join(", ".join(map(str, ids)) for ids in groups)
            + "). Keep one of each: copy what you need from the others, delete them in the admin, then migrate again."
        )


class Migration(migrations.Migration):
    dependencies = [
        ("measures", "0008_membership_joined_at"),
        ("reports", "0004_meetings_moved_to_meetings_app"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(refuse_duplicate_drafts, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="report",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "draft")),
                fields=("notice", "kind", "period_start", "period_end"),
                name="report_one_draft_per_kind_and_period",
            ),
        ),
    ]
