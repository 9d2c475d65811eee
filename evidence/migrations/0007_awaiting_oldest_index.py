"""The review queue in its own order, so the dashboard reads its oldest few and stops."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("evidence", "0006_search_document"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="evidenceitem",
            index=models.Index(
                condition=models.Q(("review_status", "submitted")),
                fields=["notice", "submitted_at", "id"],
                name="evidence_awaiting_oldest",
            ),
        ),
    ]
