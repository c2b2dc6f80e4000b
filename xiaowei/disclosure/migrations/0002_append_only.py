"""Published records and the transparency log cannot be changed or deleted, not even with raw SQL."""

from django.db import migrations

from xiaowei.lib.append_only import backwards, forwards

TABLES = ("disclosure_publication", "disclosure_lognode", "disclosure_checkpoint", "disclosure_cosignature")


class Migration(migrations.Migration):
    dependencies = [("disclosure", "0001_initial")]

    operations = [migrations.RunPython(forwards(*TABLES), backwards(*TABLES))]
