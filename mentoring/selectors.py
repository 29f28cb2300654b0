"""Reads that combine several querysets: the coordinator's dashboard, a pair's timeline,
the public summary. Each runs a fixed number of queries, whatever the number of pairs.

Every staff read starts from ``for_user``: the dashboard and the export hold only the
user's organisations' pairs, people and figures (centre.scope)."""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Avg, Count, OuterRef, Prefetch, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from centre.dates import years_before
from centre.models import Learner, Person
from mentoring.models import (
    Feedback,
    Form,
    Meeting,
    MentoringProgram,
    Pair,
    Participant,
    PlanItem,
)


@dataclass
class Coverage:
    label: str
    covered: int
    total: int
    target: int

    @property
    def percent(self) -> float:
        return round(100 * self.covered / self.total, 1) if self.total else 0.0

    @property
    def meets_target(self) -> bool:
        return self.total > 0 and self.covered * 100 >= self.target * self.total


@dataclass
class MentorLoad:
    name: str
    side: str
    pairs: int = 0
    mentees: int = 0
    limit: int = 0

    @property
    def is_full(self) -> bool:
        return self.mentees >= self.limit


@dataclass
class FormRow:
    form: str
    label: str
    counts: dict = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def cells(self):
        return [self.counts.get(status, 0) for status in Pair.Status.values]


def status_form_table(pairs) -> tuple[list[FormRow], dict]:
    """Pairs counted by form (rows) and status (columns), with column totals: one query."""
    rows = {value: FormRow(form=value, label=label) for value, label in Form.choices}
    for row in pairs.order_by().values("form", "status").annotate(n=Count("id")):
        rows[row["form"]].counts[row["status"]] = row["n"]
    totals = {status: sum(r.counts.get(status, 0) for r in rows.values()) for status in Pair.Status.values}
    return list(rows.values()), totals


def mentor_loads(user) -> list[MentorLoad]:
    """Each mentor of an open pair of the user's organisations with their open mentees,
    across programs, named as the user may see them: one query."""
    mentees = (
        Participant.objects.mentees()
        .filter(pair=OuterRef("pair"))
        .order_by()
        .values("pair")
        .annotate(n=Count("pk"))
        .values("n")
    )
    mentors = (
        Participant.objects.for_user(user)
        .mentors()
        .open()
        .annotate(mentee_count=Subquery(mentees))
        .select_related("person", "learner", "external")
    )
    limit = settings.MENTORING_MAX_MENTEES
    loads: dict[tuple, MentorLoad] = {}
    for mentor in mentors:
        key = (mentor.person_id, mentor.learner_id, mentor.external_id)
        load = loads.setdefault(key, MentorLoad(name=mentor.name_for(user), side=mentor.side, limit=limit))
        load.pairs += 1
        load.mentees += mentor.mentee_count or 0
    return sorted(loads.values(), key=lambda load: (-load.mentees, load.name))


def coverage(user, today: datetime.date | None = None) -> list[Coverage]:
    """The share of the working staff and of the learners aged ``MENTORING_MIN_LEARNER_AGE``
    (10) and over of the user's organisations in active pairs."""
    today = today or timezone.localdate()
    target = settings.MENTORING_COVERAGE_TARGET
    age = settings.MENTORING_MIN_LEARNER_AGE
    active = Q(mentoring_participations__pair_status=Pair.Status.ACTIVE)
    staff = Person.objects.for_user(user).filter(is_active=True)
    learners = Learner.objects.for_user(user).filter(birth_date__lte=years_before(today, age))
    return [
        Coverage(
            label=_("Staff"),
            covered=staff.filter(active).distinct().count(),
            total=staff.count(),
            target=target,
        ),
        Coverage(
            label=_("Learners aged %(age)s and over") % {"age": age},
            covered=learners.filter(active).distinct().count(),
            total=learners.count(),
            target=target,
        ),
    ]


def satisfaction(pairs) -> dict:
    """Average satisfaction of mentors and of mentees, and the number of answers: one query."""
    return Feedback.objects.filter(participant__pair__in=pairs).aggregate(
        average=Avg("satisfaction"),
        mentors=Avg("satisfaction", filter=Q(participant__role=Participant.Role.MENTOR)),
        mentees=Avg("satisfaction", filter=Q(participant__role=Participant.Role.MENTEE)),
        answers=Count("id"),
    )


def overdue_items(pairs, today: datetime.date | None = None):
    today = today or timezone.localdate()
    return (
        PlanItem.objects.filter(pair__in=pairs.active(), done_on__isnull=True, due_date__lt=today)
        .select_related("pair")
        .prefetch_related(
            Prefetch(
                "pair__participants",
                queryset=Participant.objects.select_related("person", "learner", "external"),
            )
        )
        .order_by("due_date", "id")
    )


def dashboard(*, user, program: MentoringProgram | None = None, today: datetime.date | None = None) -> dict:
    today = today or timezone.localdate()
    pairs = Pair.objects.for_user(user)
    if program is not None:
        pairs = pairs.filter(program=program)
    rows, totals = status_form_table(pairs)
    return {
        "form_rows": rows,
        "status_totals": [totals[status] for status in Pair.Status.values],
        "pair_total": sum(totals.values()),
        "statuses": Pair.Status.choices,
        "stalled": list(pairs.stalled(today).with_people().with_figures().order_by("start", "id")),
        "stalled_days": settings.MENTORING_STALLED_DAYS,
        "overdue_items": list(overdue_items(pairs, today)),
        "satisfaction": satisfaction(pairs),
        "loads": mentor_loads(user),
        "max_mentees": settings.MENTORING_MAX_MENTEES,
        "coverage": coverage(user, today),
        "coverage_target": settings.MENTORING_COVERAGE_TARGET,
    }


def export_rows(pairs):
    """Pairs with people and figures, for the XLSX export."""
    average = (
        Feedback.objects.filter(participant__pair=OuterRef("pk"))
        .order_by()
        .values("participant__pair")
        .annotate(a=Avg("satisfaction"))
        .values("a")
    )
    return (
        pairs.with_people().with_figures().annotate(satisfaction=Subquery(average)).order_by("program", "id")
    )


@dataclass
class Event:
    day: datetime.date
    kind: str
    title: str
    detail: str = ""
    obj: object = None


def pair_timeline(pair: Pair, meetings, items, feedback) -> list[Event]:
    """Everything that happened in a pair, newest first: start, meetings, done steps,
    feedback and the end."""
    events = [Event(pair.start, "start", str(_("Pair started")), pair.get_form_display())]
    events += [Event(m.date, "meeting", m.topic, m.get_format_display(), m) for m in meetings]
    events += [Event(i.done_on, "plan", str(_("Step done")), i.title, i) for i in items if i.done_on]
    events += [
        Event(
            timezone.localdate(f.created_at),
            "feedback",
            str(_("Feedback")),
            f"{f.participant.get_role_display()}: {f.satisfaction}/10",
            f,
        )
        for f in feedback
    ]
    if pair.actual_end:
        events.append(Event(pair.actual_end, "end", pair.get_status_display(), pair.termination_reason))
    order = {"end": 0, "feedback": 1, "plan": 2, "meeting": 3, "start": 4}
    return sorted(events, key=lambda e: (e.day, -order[e.kind]), reverse=True)


def pair_page(pair: Pair) -> dict:
    """The pair's meetings, plan and feedback, three queries, and its figures."""
    today = timezone.localdate()
    meetings = list(Meeting.objects.filter(pair=pair).order_by("-date", "-id"))
    items = list(PlanItem.objects.filter(pair=pair).order_by("due_date", "id"))
    feedback = list(
        Feedback.objects.filter(participant__pair=pair)
        .select_related("participant__person", "participant__learner", "participant__external")
        .order_by("-created_at")
    )
    last_meeting = meetings[0].date if meetings else None
    quiet_since = last_meeting or pair.start
    quiet_days = (today - quiet_since).days
    done = sum(1 for item in items if item.done_on)
    return {
        "meetings": meetings,
        "items": items,
        "feedback": feedback,
        "timeline": pair_timeline(pair, meetings, items, feedback),
        "plan_done": done,
        "plan_total": len(items),
        "plan_percent": round(100 * done / len(items)) if items else 0,
        "overdue": [item for item in items if item.is_overdue],
        "last_meeting": last_meeting,
        "quiet_days": quiet_days,
        "is_stalled": pair.status == Pair.Status.ACTIVE and quiet_days >= settings.MENTORING_STALLED_DAYS,
        "stalled_days": settings.MENTORING_STALLED_DAYS,
    }


def public_programs():
    """Programs for the public page with counts only: no names of children or staff."""
    active = Q(pairs__status=Pair.Status.ACTIVE)
    return MentoringProgram.objects.public().annotate(
        pair_count=Count("pairs", distinct=True),
        active_pairs=Count("pairs", filter=active, distinct=True),
        completed_pairs=Count("pairs", filter=Q(pairs__status=Pair.Status.COMPLETED), distinct=True),
        active_mentees=Count(
            "participant",
            filter=Q(participant__role=Participant.Role.MENTEE, participant__pair_status=Pair.Status.ACTIVE),
            distinct=True,
        ),
    )
