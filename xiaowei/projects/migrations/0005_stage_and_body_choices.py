"""The stages (projects.rules.Stage) and the 4+X bodies (regions.roles.Body) become the choices of the
fields that store them: no change to the database, nor to the data."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('projects', '0004_contractor_and_ocds_release_to_procurement'),
    ]

    operations = [
        migrations.AlterField(
            model_name='project',
            name='stage',
            field=models.CharField(choices=[('approval', '立项'), ('cost_review', '造价评审'), ('tender', '招标/比价公告'), ('award', '定标'), ('contract', '签订合同'), ('construction', '施工'), ('acceptance', '竣工验收'), ('settlement', '结算审计'), ('closed', '付清结项')], max_length=20, verbose_name='阶段'),
        ),
        migrations.AlterField(
            model_name='projectdocument',
            name='stage',
            field=models.CharField(choices=[('approval', '立项'), ('cost_review', '造价评审'), ('tender', '招标/比价公告'), ('award', '定标'), ('contract', '签订合同'), ('construction', '施工'), ('acceptance', '竣工验收'), ('settlement', '结算审计'), ('closed', '付清结项')], max_length=20, verbose_name='阶段'),
        ),
        migrations.AlterField(
            model_name='projectsignoff',
            name='body',
            field=models.CharField(choices=[('jiwei', '乡镇纪委'), ('nongjing', '乡镇农经站'), ('caizheng', '乡镇财政所'), ('guihua', '乡镇规划所'), ('sector', '行业主管部门')], max_length=10, verbose_name='监督部门'),
        ),
        migrations.AlterField(
            model_name='projectsignoff',
            name='stage',
            field=models.CharField(choices=[('approval', '立项'), ('cost_review', '造价评审'), ('tender', '招标/比价公告'), ('award', '定标'), ('contract', '签订合同'), ('construction', '施工'), ('acceptance', '竣工验收'), ('settlement', '结算审计'), ('closed', '付清结项')], max_length=20, verbose_name='阶段'),
        ),
    ]
