"""The model Enrollment is named Enrolment, as the code spells the word everywhere else.

A rename of names only: the tables keep their names (programs_enrollment and
programs_historicalenrollment, set on the model), as do the constraints; the reverse
relations become ``enrolments`` (a group's, a learner's) and ``enrolment`` (an application's).
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("programs", "0011_lesson_matches_group")]

    operations = [
        migrations.AlterModelTable(name="enrollment", table="programs_enrollment"),
        migrations.AlterModelTable(name="historicalenrollment", table="programs_historicalenrollment"),
        migrations.RenameModel(old_name="Enrollment", new_name="Enrolment"),
        migrations.RenameModel(old_name="HistoricalEnrollment", new_name="HistoricalEnrolment"),
        migrations.AlterField(
            model_name="enrolment",
            name="application",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="enrolment",
                to="programs.application",
                verbose_name="application",
            ),
        ),
        migrations.AlterField(
            model_name="enrolment",
            name="group",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="enrolments",
                to="programs.group",
                verbose_name="group",
            ),
        ),
        migrations.AlterField(
            model_name="enrolment",
            name="learner",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="enrolments",
                to="centre.learner",
                verbose_name="learner",
            ),
        ),
    ]
