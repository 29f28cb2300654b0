"""A participant's copies of its pair's program, form and status always equal the pair's.

Django has no composite foreign keys, so this one is plain SQL. ON UPDATE CASCADE carries a
change of the pair's status (or form) into its participants, where the partial unique
constraints and the form check of ``Participant`` see it.
"""

from django.db import migrations

FORWARD = """
ALTER TABLE mentoring_participant
    ADD CONSTRAINT mentoring_participant_matches_pair
    FOREIGN KEY (pair_id, program_id, form, pair_status)
    REFERENCES mentoring_pair (id, program_id, form, status)
    ON UPDATE CASCADE ON DELETE CASCADE;
"""
BACKWARD = "ALTER TABLE mentoring_participant DROP CONSTRAINT mentoring_participant_matches_pair;"


class Migration(migrations.Migration):
    dependencies = [("mentoring", "0001_initial")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
