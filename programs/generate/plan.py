"""What the generator makes, decided before a row is written: each organisation's clubs, each
club's groups with their places, children and second enrolments, and each group's teacher and
its place in the teacher's week, so that seed 004's figures come out exact (centre/generate/
seed004.py): the distinct children of each kind, the technical children, the teachers of the
year's groups and those of technical groups.

Categories: a station's technical clubs, a house of schoolchildren's technical and other
clubs, a school of arts' or of sport's clubs, a school's technical and other clubs. A child
is a record of one organisation and is enrolled in one group, or (second enrolments) also in
the same year's group of the organisation's previous club of the same category, so the
distinct children of a category are exactly its figure."""

import math
import random
from dataclasses import dataclass, field

from centre.generate import Territory
from centre.generate.seed004 import Figures
from programs.generate.catalogue import (
    ARTS_SCHOOL_CLUBS,
    HOUSE_CLUBS,
    SCHOOL_CLUBS,
    SPORT_CLUBS,
    TECHNICAL_CLUBS,
    GeneratedClubModel,
)

# a teacher's week: ten pairs of times (two lessons a group), so ten groups a teacher at most
TIMES = [
    (1, "15:00", "16:30"),
    (3, "15:00", "16:30"),
    (2, "16:40", "18:10"),
    (4, "16:40", "18:10"),
    (5, "15:00", "16:30"),
    (6, "11:00", "12:30"),
    (1, "16:40", "18:10"),
    (3, "16:40", "18:10"),
    (2, "15:00", "16:30"),
    (4, "15:00", "16:30"),
    (5, "16:40", "18:10"),
    (6, "12:40", "14:10"),
    (1, "18:20", "19:50"),
    (3, "18:20", "19:50"),
    (2, "18:20", "19:50"),
    (4, "18:20", "19:50"),
    (5, "18:20", "19:50"),
    (6, "14:20", "15:50"),
    (6, "09:20", "10:50"),
    (6, "16:00", "17:30"),
]
GROUPS_PER_TEACHER = len(TIMES) // 2
TECHNICAL_CLUBS_PER_SCHOOL = GROUPS_PER_TEACHER  # a technical school's clubs: one teacher's week
TECHNICAL_CLUBS_PER_HOUSE = GROUPS_PER_TEACHER // 2  # two groups each: one teacher's week
FULL_EVERY = 10  # one group in ten is full


@dataclass(frozen=True)
class Category:
    name: str
    technical: bool
    average: int  # enrolments a group on average
    places: tuple[int, ...]
    second_every: int = 0  # one enrolment in so many is a child's second (0: none)


STATIONS = Category("stations", True, 26, (30, 35, 40))
HOUSE_TECHNICAL = Category("house_technical", True, 20, (20, 25, 30))
HOUSES = Category("houses", False, 24, (20, 25, 30, 30, 35), second_every=6)
CULTURE_SPORT = Category("culture_sport", False, 24, (20, 25, 30, 30, 35), second_every=6)
SCHOOL_TECHNICAL = Category("school_technical", True, 24, (25, 30, 35))
SCHOOLS = Category("schools", False, 25, (25, 30, 30, 35), second_every=10)


@dataclass
class PlannedClub:
    organisation: int  # index into gen.data["organisations"]
    model: GeneratedClubModel
    category: Category


@dataclass
class PlannedGroup:
    club: int  # index into Plan.clubs
    year_of_study: int
    places: int
    enrolled: int = 0
    seconds: int = 0  # of its children, those whose first group is `source`
    source: int | None = None  # the group their first enrolment is in
    dependants: int = 0  # of its own new children, those also enrolled in a later group
    teacher: int = 0  # index into Plan.teachers
    position: int = 0  # in the teacher's week: TIMES[2 * position], TIMES[2 * position + 1]

    @property
    def new(self) -> int:
        return self.enrolled - self.seconds


@dataclass
class Plan:
    clubs: list[PlannedClub] = field(default_factory=list)
    groups: list[PlannedGroup] = field(default_factory=list)
    teachers: list[int] = field(default_factory=list)  # each teacher's organisation index
    technical_teachers: int = 0

    def organisation_of(self, group: PlannedGroup) -> int:
        return self.clubs[group.club].organisation


def make_plan(figures: Figures, territory: Territory, rng: random.Random) -> Plan:
    plan = Plan()
    f = figures
    # technical clubs: the stations', five in a house's technical clubs, a school's ten
    house_technical_groups = 2 * f.technical_house_clubs
    house_technical = min(house_technical_groups * HOUSE_TECHNICAL.average, f.technical_centre_learners // 2)
    if not house_technical_groups:
        house_technical = 0
    station_learners = f.technical_centre_learners - house_technical
    _clubs(
        plan,
        STATIONS,
        list(territory.stations),
        _groups_for(STATIONS, station_learners, territory.stations),
        TECHNICAL_CLUBS,
    )
    houses = list(territory.houses)
    technical_houses = houses[: math.ceil(f.technical_house_clubs / TECHNICAL_CLUBS_PER_HOUSE)]
    _clubs(plan, HOUSE_TECHNICAL, technical_houses, house_technical_groups, TECHNICAL_CLUBS, per_club=2)
    house_learners = f.centre_learners - f.technical_centre_learners
    _clubs(plan, HOUSES, houses, _groups_for(HOUSES, house_learners, territory.houses), HOUSE_CLUBS)
    culture = list(territory.culture_sport)
    culture_groups = _groups_for(CULTURE_SPORT, f.culture_learners, territory.culture_sport)
    _clubs(plan, CULTURE_SPORT, culture, culture_groups, None)
    schools = list(territory.schools)
    technical_schools = schools[: math.ceil(f.technical_school_clubs / TECHNICAL_CLUBS_PER_SCHOOL)]
    _clubs(plan, SCHOOL_TECHNICAL, technical_schools, f.technical_school_clubs, TECHNICAL_CLUBS, per_club=1)
    _clubs(plan, SCHOOLS, schools, f.school_clubs - f.technical_school_clubs, SCHOOL_CLUBS, per_club=1)
    learners = {
        STATIONS: station_learners,
        HOUSE_TECHNICAL: house_technical,
        HOUSES: house_learners,
        CULTURE_SPORT: f.culture_learners,
        SCHOOL_TECHNICAL: f.technical_school_learners,
        SCHOOLS: f.school_learners - f.technical_school_learners,
    }
    for category, count in learners.items():
        _fill(plan, category, count, rng)
    _teachers(plan, f)
    return plan


def _groups_for(category: Category, learners: int, organisations: range) -> int:
    enrolments = learners * (1 + 1 / category.second_every) if category.second_every else learners
    # the average's number, but never fewer than the children fit in, nor than one an organisation
    return max(
        len(organisations), round(enrolments / category.average), math.ceil(enrolments / min(category.places))
    )


def _clubs(plan, category, organisations, groups, models, *, per_club=2):
    """`groups` groups in clubs of `per_club` groups, spread evenly over the organisations;
    a school of arts teaches the arts, a school of sport the rest (models None)."""
    if not organisations or groups <= 0:
        return
    for o, organisation in enumerate(organisations):
        mine = groups * (o + 1) // len(organisations) - groups * o // len(organisations)
        if models is None:
            # the odd-numbered schools of culture and sport are schools of arts (centre.generate.core)
            arts = (organisation - organisations[0]) % 2 == 0
            choice = ARTS_SCHOOL_CLUBS if arts else SPORT_CLUBS
        else:
            choice = models
        made = 0
        while made < mine:
            n = min(per_club, mine - made)
            club = len(plan.clubs)
            plan.clubs.append(PlannedClub(organisation, choice[club % len(choice)], category))
            for year in range(n):
                places = category.places[len(plan.groups) % len(category.places)]
                plan.groups.append(PlannedGroup(club=club, year_of_study=year + 1, places=places))
            made += n


def _fill(plan: Plan, category: Category, learners: int, rng: random.Random) -> None:
    """Each group's children: first an average fill (one group in ten full), then second
    enrolments from the same year's group of the organisation's previous club of the category,
    then one child at a time until the category has exactly `learners` distinct children."""
    groups = [g for g in range(len(plan.groups)) if plan.clubs[plan.groups[g].club].category is category]
    if not groups:
        if learners:
            raise ValueError(f"{learners} children for {category.name}, which has no groups")
        return
    average = (learners * (1 + 1 / category.second_every) if category.second_every else learners) / len(
        groups
    )
    last: dict[tuple[int, int], int] = {}  # (organisation, year of study): its latest group
    for n, g in enumerate(groups):
        group = plan.groups[g]
        full = n % FULL_EVERY == 0
        group.enrolled = (
            group.places if full else max(1, min(group.places, round(average * rng.uniform(0.7, 1.1))))
        )
        key = (plan.organisation_of(group), group.year_of_study)
        source = last.get(key)
        last[key] = g
        if category.second_every and source is not None and ages_of(plan, source, g):
            earlier = plan.groups[source]
            group.seconds = min(group.enrolled // category.second_every, earlier.new - 1)
            if group.seconds > 0:
                group.source, earlier.dependants = source, group.seconds
            else:
                group.seconds = 0
    difference = learners - sum(plan.groups[g].new for g in groups)
    step = 1 if difference > 0 else -1
    passes = 0
    while difference and passes < 200:
        for n, g in enumerate(groups):
            if not difference:
                break
            group = plan.groups[g]
            if n % FULL_EVERY == 0 and len(groups) > 1:
                continue  # the full ones stay full
            enrolled = group.enrolled + step
            if enrolled <= group.places and enrolled - group.seconds >= max(1, group.dependants + 1):
                group.enrolled = enrolled
                difference -= step
        passes += 1
    if difference:
        raise ValueError(f"{category.name}: {learners} children do not fit its groups' places")


def ages_of(plan: Plan, a: int, b: int) -> tuple[int, int] | None:
    """The ages both groups take, if any."""
    first, second = plan.clubs[plan.groups[a].club].model, plan.clubs[plan.groups[b].club].model
    low, high = max(first.age_min, second.age_min), min(first.age_max, second.age_max)
    return (low, high) if low <= high else None


def _teachers(plan: Plan, figures: Figures) -> None:
    """Each organisation's groups of a kind (technical or not) shared by its teachers, none
    with more than GROUPS_PER_TEACHER; the teachers' numbers are the seed's (or, at a scale
    too small for them, as few as the groups need)."""
    teams: dict[tuple[int, bool], list[int]] = {}
    for g, group in enumerate(plan.groups):
        club = plan.clubs[group.club]
        teams.setdefault((club.organisation, club.category.technical), []).append(g)
    technical = {key: groups for key, groups in teams.items() if key[1]}
    other = {key: groups for key, groups in teams.items() if not key[1]}
    technical_count = _share(technical, figures.technical_teachers)
    other_count = _share(other, figures.teachers - sum(technical_count.values()))
    counts = {**technical_count, **other_count}
    for key, groups in teams.items():
        n, t = len(groups), counts[key]
        for r in range(t):
            teacher = len(plan.teachers)
            plan.teachers.append(key[0])
            for position, g in enumerate(groups[n * r // t : n * (r + 1) // t]):
                plan.groups[g].teacher, plan.groups[g].position = teacher, position
    plan.technical_teachers = sum(technical_count.values())


def _share(teams: dict, target: int) -> dict:
    """Teachers for each team: at least enough for its groups, at most one a group, `target`
    in all where that fits; the extra ones go to the teams with the most groups a teacher."""
    least = {key: math.ceil(len(groups) / GROUPS_PER_TEACHER) for key, groups in teams.items()}
    most = sum(len(groups) for groups in teams.values())
    target = min(max(target, sum(least.values())), most)
    counts = dict(least)
    extra = target - sum(counts.values())
    room = {key: len(teams[key]) - counts[key] for key in teams}
    total_room = sum(room.values())
    if extra and total_room:
        shares = {key: extra * room[key] / total_room for key in teams}
        for key in teams:
            counts[key] += int(shares[key])
        left = target - sum(counts.values())
        for key in sorted(teams, key=lambda k: (-(shares[k] - int(shares[k])), k)):
            if left <= 0:
                break
            if counts[key] < len(teams[key]):
                counts[key] += 1
                left -= 1
    return counts
