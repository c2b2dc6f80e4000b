"""Published OCDS releases cannot be changed or deleted, not even with raw SQL (like the publications
they are part of)."""

from django.db import migrations

from xiaowei.lib.append_only import backwards, forwards

TABLES = ("projects_ocdsrelease",)


class Migration(migrations.Migration):
    dependencies = [("projects", "0002_projects")]

    operations = [migrations.RunPython(forwards(*TABLES), backwards(*TABLES))]
