"""The project types of domain.md, as data: methodists may add or retire types later."""

from django.db import migrations

TYPES = [
    "Исследовательский",
    "Инженерный",
    "Творческий",
    "Социальный",
    "Информационный",
    "Практико-ориентированный",
]


def create(apps, schema_editor):
    ProjectType = apps.get_model("projects", "ProjectType")
    for position, name in enumerate(TYPES, start=1):
        ProjectType.objects.get_or_create(name=name, defaults={"position": position})


def remove(apps, schema_editor):
    apps.get_model("projects", "ProjectType").objects.filter(name__in=TYPES, projects__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial")]

    operations = [migrations.RunPython(create, remove)]
