"""Load the default chart of accounts (finance/data/subjects.yaml) so a new installation can book at once."""

from django.db import migrations


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    from xiaowei.finance.subjects import read_chart_file

    Subject = apps.get_model("finance", "Subject")
    Subject.objects.bulk_create(
        [Subject(code=s.code, name=s.name, cls=s.cls, side=s.side) for s in read_chart_file()],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [("finance", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
