"""The bank of gifted children had two logs of one fact: its own GiftedBankView and the
portal's personal-data log (centre.PersonalDataAccess). The personal-data log stays, as the
one record; a view it lacks (one recorded before it existed) is copied into it with its
filters and row count, and its records name the children read (centre.learner)."""

import datetime

from django.conf import settings
from django.db import migrations
from django.utils import translation

TWIN_WITHIN = datetime.timedelta(seconds=5)


def into_the_personal_data_log(apps, schema_editor):
    View = apps.get_model("projects", "GiftedBankView")
    Access = apps.get_model("centre", "PersonalDataAccess")
    central = Access.objects.filter(object_type="projects.giftedbankview")
    with translation.override(settings.LANGUAGE_CODE):
        for view in View.objects.all().iterator():
            action = "export" if view.format == "xlsx" else "view"
            twin = central.filter(
                user_id=view.user_id,
                action=action,
                at__range=(view.viewed_at - TWIN_WITHIN, view.viewed_at + TWIN_WITHIN),
            )
            if twin.exists():
                continue
            if action == "export":
                text = translation.gettext("XLSX of the bank of gifted children (%(rows)s)")
            else:
                text = translation.gettext("Bank of gifted children (%(rows)s)")
            description = text % {"rows": view.rows}
            if view.filters:
                description += ": " + "; ".join(f"{key}: {value}" for key, value in view.filters.items())
            Access.objects.create(
                user_id=view.user_id,
                at=view.viewed_at,
                action=action,
                object_type="centre.learner",
                description=description[:300],
            )
    central.update(object_type="centre.learner")


class Migration(migrations.Migration):
    dependencies = [
        ("centre", "0007_learner_organisation_required"),
        ("projects", "0003_competition_organisation"),
    ]

    operations = [
        migrations.RunPython(into_the_personal_data_log, migrations.RunPython.noop),
        migrations.DeleteModel(name="GiftedBankView"),
    ]
