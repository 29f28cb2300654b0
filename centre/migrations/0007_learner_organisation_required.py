import django.db.models.deletion
from django.db import migrations, models


def create_authority_role(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name="authority")


def remove_authority_role(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="authority").delete()


class Migration(migrations.Migration):
    # programs 0009 gives every existing child its organisation first
    dependencies = [
        ("centre", "0006_tenancy"),
        ("programs", "0009_program_organisation"),
    ]

    operations = [
        migrations.AlterField(
            model_name="learner",
            name="organisation",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="learners",
                to="centre.organisation",
                verbose_name="organisation",
            ),
        ),
        migrations.RunPython(create_authority_role, remove_authority_role),
    ]
