"""A lesson's copies of its group's academic year and teacher always equal the group's.

Django has no composite foreign keys, so this one is plain SQL, as in mentoring's 0002. ON
UPDATE CASCADE carries a change of the group's teacher (or year) into its lessons, however
it is made (a form, the admin, a queryset update()), where the exclusion constraints
programs_slot_teacher_free and programs_slot_room_free see it. Lessons that drifted from
their group before (a teacher changed by update()) are brought in line first.
"""

from django.db import migrations

FORWARD = """
UPDATE programs_scheduleslot slot
   SET academic_year_id = grp.academic_year_id, teacher_id = grp.teacher_id
  FROM programs_group grp
 WHERE grp.id = slot.group_id
   AND (slot.academic_year_id <> grp.academic_year_id OR slot.teacher_id <> grp.teacher_id);
ALTER TABLE programs_scheduleslot
    ADD CONSTRAINT programs_slot_matches_group
    FOREIGN KEY (group_id, academic_year_id, teacher_id)
    REFERENCES programs_group (id, academic_year_id, teacher_id)
    ON UPDATE CASCADE ON DELETE CASCADE;
"""
BACKWARD = "ALTER TABLE programs_scheduleslot DROP CONSTRAINT programs_slot_matches_group;"


class Migration(migrations.Migration):
    dependencies = [("programs", "0010_group_year_teacher_key")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
