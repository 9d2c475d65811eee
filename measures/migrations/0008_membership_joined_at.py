"""When each person joined a notice (security review, issue 13, finding 6).

A notice's administrators see a member's sign-in events only from then on. Existing roles take
the moment their history says they were granted; a role with no such row takes the moment of
this migration, so nothing from before it is shown.
"""

import django.utils.timezone
from django.db import migrations, models
from django.db.models import Min


def joined_when_granted(apps, schema_editor):
    Membership = apps.get_model("measures", "Membership")
    HistoricalMembership = apps.get_model("measures", "HistoricalMembership")
    granted = dict(
        HistoricalMembership.objects.filter(history_type="+")
        .values("id")
        .annotate(first=Min("history_date"))
        .values_list("id", "first")
    )
    for membership in Membership.objects.filter(pk__in=granted):
        Membership.objects.filter(pk=membership.pk).update(joined_at=granted[membership.pk])


class Migration(migrations.Migration):
    dependencies = [
        ("measures", "0007_observer_never_reviews_evidence"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalmembership",
            name="joined_at",
            field=models.DateTimeField(default=django.utils.timezone.now, editable=False),
        ),
        migrations.AddField(
            model_name="membership",
            name="joined_at",
            field=models.DateTimeField(default=django.utils.timezone.now, editable=False),
        ),
        migrations.RunPython(joined_when_granted, migrations.RunPython.noop),
    ]
