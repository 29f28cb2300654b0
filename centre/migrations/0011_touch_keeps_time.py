from django.db import migrations

# A save() that changes nothing still sends a newer updated_at (auto_now): the trigger now keeps
# the row's old time then, so only a real change moves the time on. Setting it back by hand (a
# script, a test ageing a row) is still allowed.
TOUCH = """
CREATE OR REPLACE FUNCTION centre_touch_updated_at() RETURNS trigger AS $$
BEGIN
    IF (to_jsonb(NEW) - coalesce(TG_ARGV, '{}'::text[]) - 'updated_at') IS DISTINCT FROM
       (to_jsonb(OLD) - coalesce(TG_ARGV, '{}'::text[]) - 'updated_at') THEN
        NEW.updated_at := now();
    ELSIF NEW.updated_at > OLD.updated_at THEN
        NEW.updated_at := OLD.updated_at;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""
UNTOUCH = """
CREATE OR REPLACE FUNCTION centre_touch_updated_at() RETURNS trigger AS $$
BEGIN
    IF (to_jsonb(NEW) - coalesce(TG_ARGV, '{}'::text[]) - 'updated_at') IS DISTINCT FROM
       (to_jsonb(OLD) - coalesce(TG_ARGV, '{}'::text[]) - 'updated_at') THEN
        NEW.updated_at := now();
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("centre", "0010_exchange"),
    ]

    operations = [migrations.RunSQL(TOUCH, UNTOUCH)]
