"""Contractor and OcdsRelease move here from the projects app without touching the database: their tables
(projects_contractor, projects_ocdsrelease), indexes, constraints and append-only triggers stay as they
are; only Django's model state moves (projects 0004 removes them from projects' state, assets 0002 and
projects 0004 point the foreign keys here)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("disclosure", "0003_project_and_asset_kinds"),
        ("projects", "0003_ocds_release_append_only"),
        ("regions", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Contractor",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("uscc", models.CharField(max_length=18, unique=True, verbose_name="统一社会信用代码")),
                        ("name", models.CharField(max_length=200, verbose_name="名称")),
                        ("kind", models.CharField(choices=[("works", "工程施工"), ("goods", "货物供应"), ("services", "服务")], max_length=10, verbose_name="类别")),
                        ("legal_person", models.CharField(max_length=50, verbose_name="法定代表人/负责人")),
                        ("address", models.CharField(blank=True, max_length=200, verbose_name="住所")),
                        ("contact_name", models.CharField(blank=True, max_length=50, verbose_name="联系人")),
                        ("contact_phone", models.CharField(blank=True, max_length=30, verbose_name="联系电话")),
                        ("active", models.BooleanField(default=True, verbose_name="有效")),
                        ("registered_at", models.DateTimeField(auto_now_add=True)),
                        ("registered_by", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "verbose_name": "承包商/供应商",
                        "verbose_name_plural": "承包商/供应商",
                        "db_table": "projects_contractor",
                        "ordering": ["name"],
                    },
                ),
                migrations.CreateModel(
                    name="OcdsRelease",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("ocid", models.CharField(db_index=True, max_length=100)),
                        ("release_id", models.CharField(max_length=140, unique=True)),
                        ("tag", models.CharField(max_length=30)),
                        ("date", models.DateField()),
                        ("content", models.TextField()),
                        ("publication", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to="disclosure.publication")),
                        ("region", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to="regions.region")),
                    ],
                    options={
                        "db_table": "projects_ocdsrelease",
                        "indexes": [models.Index(fields=["region", "id"], name="ocds_region_order")],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
