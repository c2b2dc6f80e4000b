"""The contractor foreign keys point at procurement.Contractor (moved from projects; same table, so the
database is not touched)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("assets", "0001_initial"),
        ("procurement", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="disposal",
                    name="winner_contractor",
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="procurement.contractor"),
                ),
                migrations.AlterField(
                    model_name="disposalbid",
                    name="contractor",
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="procurement.contractor"),
                ),
            ],
            database_operations=[],
        ),
    ]
