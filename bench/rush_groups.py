"""The rush's own club: twenty open groups made for a run and removed after it, with the
applications, children, guardians and messages the rush left."""


def make_rush_groups(*, staff, count=20, places=5):
    """Twenty open groups with five places each: 100 places for the rush to fight over."""
    import datetime

    from django.utils import timezone

    from centre.models import AcademicYear, Person, Venue
    from programs.models import Club, Direction, Group, Program

    remove_leftover_rush()
    year = AcademicYear.objects.current()
    # the staff who accept in the rush see the queue of their own organisation (centre.scope)
    centre = Person.objects.get(user__username=staff).organisation
    venue = Venue.objects.filter(organisation=centre).first() or Venue.objects.first()
    teacher = Person.objects.filter(organisation=centre).first()
    program = Program.objects.create(
        organisation=centre,
        title="Рывок: тестовая программа",
        slug="bench-rush",
        direction=Direction.objects.first(),
        announcement="Нагрузочный тест",
        description="Нагрузочный тест",
        age_min=7,
        age_max=17,
        duration_months=9,
        hours_per_year=72,
        levels=["starter"],
        status=Program.Status.PUBLISHED,
    )
    club = Club.objects.create(name="Рывок", slug="bench-rush", organisation=centre)
    groups = [
        Group.objects.create(
            club=club,
            program=program,
            academic_year=year,
            name=f"Рывок {n}",
            teacher=teacher,
            venue=venue,
            age_min=7,
            age_max=17,
            places=places,
            enrol_from=timezone.localdate() - datetime.timedelta(days=1),
            enrol_until=timezone.localdate() + datetime.timedelta(days=1),
        )
        for n in range(count)
    ]
    return {
        "club": club.pk,
        "program": program.pk,
        "groups": [{"id": g.pk, "slug": club.slug} for g in groups],
    }


def remove_leftover_rush():
    """The rush club of a run that was interrupted before it removed its groups."""
    from programs.models import Club, Program

    club = Club.objects.filter(slug="bench-rush").values_list("pk", flat=True).first()
    program = Program.objects.filter(slug="bench-rush").values_list("pk", flat=True).first()
    if club or program:
        remove_rush_groups({"club": club, "program": program})


def remove_rush_groups(rush):
    from centre.models import Consent, Guardian, Learner
    from programs.models import Application, Club, Enrolment, Group, Program

    applications = Application.objects.filter(group__club_id=rush["club"])
    remove_rush_messages(list(applications.values_list("pk", flat=True)))
    learner_ids = list(applications.exclude(learner=None).values_list("learner_id", flat=True))
    Enrolment.objects.filter(group__club_id=rush["club"]).delete()
    applications.delete()
    guardian_ids = list(Guardian.objects.filter(learners__in=learner_ids).values_list("id", flat=True))
    Consent.objects.filter(learner_id__in=learner_ids).delete()
    Learner.objects.filter(id__in=learner_ids).delete()
    Guardian.objects.filter(id__in=guardian_ids, learners=None).delete()
    Group.objects.filter(club_id=rush["club"]).delete()
    Club.objects.filter(pk=rush["club"]).delete()
    Program.objects.filter(pk=rush["program"]).delete()


def remove_rush_messages(application_ids):
    """The rush's mail and the tasks that made and sent it (a dev worker would otherwise run
    what was left queued later)."""
    from django_tasks_db.models import DBTaskResult

    from bench.notifications import MAKE_TASK, RUSH_EMAIL_DOMAIN, SEND_TASK
    from centre.models import OutgoingMessage

    messages = OutgoingMessage.objects.filter(to__endswith="@" + RUSH_EMAIL_DOMAIN)
    message_ids = list(messages.values_list("pk", flat=True))
    for start in range(0, max(len(message_ids), len(application_ids)), 5000):
        chunk = slice(start, start + 5000)
        DBTaskResult.objects.filter(task_path=SEND_TASK, args_kwargs__args__0__in=message_ids[chunk]).delete()
        DBTaskResult.objects.filter(
            task_path=MAKE_TASK, args_kwargs__kwargs__application_id__in=application_ids[chunk]
        ).delete()
    messages.delete()
