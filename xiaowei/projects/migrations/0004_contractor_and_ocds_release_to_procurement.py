"""Contractor and OcdsRelease leave the projects app for procurement (procurement 0001) without touching
the database: the foreign keys point at procurement.Contractor, then both models leave projects' state.
Their tables keep their names (projects_contractor, projects_ocdsrelease), so the append-only triggers of
0003 stay in force."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("projects", "0003_ocds_release_append_only"),
        ("procurement", "0001_initial"),
        ("assets", "0002_contractor_in_procurement"),  # its foreign keys leave projects.Contractor first
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="project",
                    name="award_contractor",
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="procurement.contractor", verbose_name="中标单位"),
                ),
                migrations.AlterField(
                    model_name="projectbid",
                    name="contractor",
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="bids", to="procurement.contractor"),
                ),
                migrations.DeleteModel(name="Contractor"),
                migrations.DeleteModel(name="OcdsRelease"),
            ],
            database_operations=[],
        ),
    ]
