"""The demo's applications: «Малая Академия»'s in every status (its first small group ends up
full), the demo parent's own, and the other organisations' families."""

import datetime

from django.utils import timezone, translation

from centre.dates import age_on
from centre.models import Child, Relation
from programs.demo.families import APPLICANTS, Applicant
from programs.models import Application
from programs.services import application_accept, consent_text_for

# what becomes of APPLICANTS, in order
STATUSES = ["accepted", "accepted", "accepted", "new", "new", "waiting", "rejected", "withdrawn"]


def demo_applications(context, groups) -> None:
    """Applications in every status; the first small group ends up full."""
    organisations = [context["centre"], context["technopark"]]
    if Application.objects.filter(group__club__organisation__in=organisations).exists():
        return
    methodist = context["staff"]["methodist"].user
    now = timezone.now()
    full_group = next(g for g in groups if g.places == 3)
    for applicant, status in zip(APPLICANTS, STATUSES, strict=True):
        age = age_on(applicant.birth_date, full_group.academic_year.start)
        target = full_group if status == "accepted" else _group_for_age(groups, age, exclude=full_group)
        if status == "accepted":
            _accept_for_september(target, applicant, by=methodist)
            continue
        days_ago = 6 if status == "new" and applicant.name == "Никита" else 1
        application = _apply(target, applicant, created_at=now - datetime.timedelta(days=days_ago))
        if status in ("waiting", "rejected", "withdrawn"):
            Application.objects.filter(pk=application.pk).update(
                status=status,
                decided_by=methodist if status != "withdrawn" else None,
                decided_at=now if status != "withdrawn" else None,
                reject_reason="Ребёнок не подходит по возрасту для выбранного уровня."
                if status == "rejected"
                else "",
            )
    _parents_own_application(context, groups, exclude=full_group)


def _parents_own_application(context, groups, *, exclude) -> None:
    """The demo parent's own child applied too, and is waiting for a decision: to a group of
    the organisation that keeps the child's record, so that accepting it finds that record."""
    parent = context["parent"]
    learner = context["learners"][0]
    own = [group for group in groups if group.club.organisation_id == learner.organisation_id]
    target = _group_for_age(own, learner.age_on(timezone.localdate()), exclude=exclude)
    child = Applicant(
        surname=learner.surname,
        name=learner.name,
        patronymic=learner.patronymic,
        birth_date=learner.birth_date,
        guardian_surname=parent.surname,
        guardian_name=parent.name,
        phone=parent.phone,
    )
    # «Мои дети»: the child who applied and a younger sister, typed once in the account
    own_child, _ = Child.objects.get_or_create(
        guardian=parent,
        surname=learner.surname,
        name=learner.name,
        birth_date=learner.birth_date,
        defaults={"patronymic": learner.patronymic, "relation": Relation.MOTHER},
    )
    Child.objects.get_or_create(
        guardian=parent,
        surname=learner.surname,
        name="Варвара",
        birth_date=datetime.date(2019, 5, 21),
        defaults={"patronymic": learner.patronymic, "relation": Relation.MOTHER},
    )
    _apply(
        target,
        child,
        user=parent.user,
        guardian_patronymic=parent.patronymic,
        guardian_email=parent.email,
        child=own_child,
    )


def other_applications(organisation, groups, applicants: list[Applicant], *, by) -> None:
    """An organisation's families: accepted ones become its children (its own records of
    them and of their parents), the rest wait in its queue."""
    if Application.objects.filter(group__club__organisation=organisation).exists():
        return
    for applicant in applicants:
        age = age_on(applicant.birth_date, groups[0].academic_year.start)
        group = _group_for_age(groups, age, exclude=None)
        if applicant.status == "accepted":
            _accept_for_september(group, applicant, by=by)
        else:
            _apply(group, applicant)


def _accept_for_september(group, applicant: Applicant, *, by) -> Application:
    """An application of late August, accepted before the year began: the child studies from
    the first day of the year, by the enrolment order the demo signs (programs.demo.year)."""
    start = group.academic_year.start
    application = _apply(group, applicant, created_at=_at(start - datetime.timedelta(days=12)))
    application_accept(application=application, by=by, enrolled_on=start)
    Application.objects.filter(pk=application.pk).update(decided_at=_at(start - datetime.timedelta(days=3)))
    return application


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(11, 0)))


def _apply(group, applicant: Applicant, **fields) -> Application:
    # the consent the parent read: their group's country's law, in the language they applied in
    with translation.override(fields.get("language", "ru")):
        consent_text = consent_text_for(group)
    return Application.objects.create(
        group=group,
        child_surname=applicant.surname,
        child_name=applicant.name,
        child_patronymic=applicant.patronymic,
        child_birth_date=applicant.birth_date,
        guardian_surname=applicant.guardian_surname,
        guardian_name=applicant.guardian_name,
        guardian_phone=applicant.phone,
        consent_processing=True,
        consent_text=consent_text,
        # the demo's applicants are the children's mothers
        guardian_relation=fields.pop("guardian_relation", Relation.MOTHER),
        **fields,
    )


def _group_for_age(groups, age, *, exclude):
    for group in groups:
        if group != exclude and group.age_min <= age <= group.age_max and group.free_places > 0:
            return group
    return groups[1] if len(groups) > 1 else groups[0]
