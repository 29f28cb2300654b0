import django.db.models.deletion
from django.db import migrations, models

# A competition recorded before tenancy goes to the organisation whose results it holds most
# (through the results' projects' clubs, else the results' children), else to the first
# organisation: each organisation then lists, edits and records results at its own
# competitions only (centre.scope).
POPULATE = """
UPDATE projects_competition co SET organisation_id = (
    SELECT c.organisation_id FROM projects_result r
    JOIN projects_project p ON p.id = r.project_id JOIN programs_club c ON c.id = p.club_id
    WHERE r.competition_id = co.id
    GROUP BY c.organisation_id ORDER BY count(*) DESC, c.organisation_id LIMIT 1)
WHERE co.organisation_id IS NULL;
UPDATE projects_competition co SET organisation_id = (
    SELECT l.organisation_id FROM projects_result r JOIN centre_learner l ON l.id = r.learner_id
    WHERE r.competition_id = co.id
    GROUP BY l.organisation_id ORDER BY count(*) DESC, l.organisation_id LIMIT 1)
WHERE co.organisation_id IS NULL;
UPDATE projects_competition SET organisation_id = (SELECT min(id) FROM centre_organisation)
WHERE organisation_id IS NULL;
-- check the new keys now: ALTER TABLE refuses a table with deferred checks pending
SET CONSTRAINTS ALL IMMEDIATE;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("centre", "0007_learner_organisation_required"),
        ("programs", "0009_program_organisation"),
        ("projects", "0002_project_types"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="competition",
            name="projects_competition_unique",
        ),
        migrations.AddField(
            model_name="competition",
            name="organisation",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="competitions",
                to="centre.organisation",
            ),
        ),
        migrations.RunSQL(POPULATE, reverse_sql=migrations.RunSQL.noop),
        migrations.AlterField(
            model_name="competition",
            name="organisation",
            field=models.ForeignKey(
                help_text="The organisation whose staff entered the competition and record its results.",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="competitions",
                to="centre.organisation",
                verbose_name="organisation",
            ),
        ),
        migrations.AddConstraint(
            model_name="competition",
            constraint=models.UniqueConstraint(
                fields=("organisation", "title", "starts_on"),
                name="projects_competition_unique",
                violation_error_message="This competition is already recorded with these dates.",
            ),
        ),
    ]
