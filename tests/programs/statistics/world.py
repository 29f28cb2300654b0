"""A small known world for the statistics, and its figures computed by hand.

Year 2025/2026 (ages on 1 January 2026) and 2024/2025 (another year's enrolments).
Authority X; its territory: centre A (kind centre) and B (culture and sport).

Centre A: venues "main" and "school" (at_school). Clubs:
  A1 robotics (technical): g1 at main (teacher T1: L1, L2, L3), g2 at school (T1: L3, L4)
     -> at schools (a group of the year at a school), once in its row
  A2 studio (arts): g3 at main (T2: L3, L5, L6, L7, L8, and L2 who left), g6 at main (T3, nobody)
  A3 (technical): only g5 of 2024/2025 at school (T1: L1, L9)
B: club B1 (arts), g4 (T4: M1, M2). M1 is L3 as B knows her (a child in two organisations).

Children (A): L1 f 2021-01-01 (5), L2 m 2016-01-02 (9), L3 f ОВЗ 2016-01-01 (10),
L4 m 2011-01-02 (14), L5 sex not recorded 2011-01-01 (15), L6 f 2008-01-02 (17),
L7 m 2008-01-01 (18: totals only), L8 f 2021-01-02 (4: totals only), L9 (2024/25 only).
B: M1 f ОВЗ 2016-01-01 (10), M2 m 2013-03-03 (12).
The territory's schoolchildren in 2025/2026: 30.
"""

import datetime
from types import SimpleNamespace

from centre.models import Organisation, Sex, TerritoryPupils
from programs.models import Direction, Enrolment
from tests.factories import (
    AcademicYearFactory,
    LearnerFactory,
    OrganisationFactory,
    PersonFactory,
    VenueFactory,
)
from tests.programs.factories import ClubFactory, GroupFactory, ProgramFactory

F, M, UNKNOWN = Sex.FEMALE, Sex.MALE, ""

# indicator -> value, hand-computed from the docstring above
COLUMNS = (
    "clubs_at_schools",
    "clubs_at_centres",
    "groups",
    "learners",
    "enrolments",
    "girls",
    "boys",
    "disabled",
    "age_5_9",
    "age_10_14",
    "age_15_17",
    "teachers",
)


def expected(*values) -> dict:
    return dict(zip(COLUMNS, values, strict=True))


# A, technical: A1 at schools; g1, g2; L1-L4; 3 + 2 enrolments; girls L1 L3; boys L2 L4;
# ОВЗ L3; 5-9 L1 L2; 10-14 L3 L4; teacher T1
A_TECHNICAL = expected(1, 0, 2, 4, 5, 2, 2, 1, 2, 2, 0, 1)
# A, arts: A2 at the organisation; g3, g6; L2 L3 L5 L6 L7 L8; 6 enrolments; girls L3 L6 L8;
# boys L2 L7; ОВЗ L3; 5-9 L2; 10-14 L3; 15-17 L5 L6; teachers T2 T3
A_ARTS = expected(0, 1, 2, 6, 6, 3, 2, 1, 1, 1, 2, 2)
# A, all directions: L1-L8 once; 11 enrolments; girls L1 L3 L6 L8; boys L2 L4 L7
A_TOTAL = expected(1, 1, 4, 8, 11, 4, 3, 1, 2, 2, 2, 3)
B_ARTS = B_TOTAL = expected(0, 1, 1, 2, 2, 1, 1, 1, 0, 2, 0, 1)
# A and B together
TOTAL = expected(1, 2, 5, 10, 13, 5, 4, 2, 2, 4, 2, 4)
ARTS = expected(0, 2, 3, 8, 8, 4, 3, 2, 1, 3, 2, 3)
PUPILS = 30
# 10/30, 4/30, 8/30, A 8/30, B 2/30 to one decimal, half up
TOTAL_SHARE, TECHNICAL_SHARE, ARTS_SHARE, A_SHARE, B_SHARE = "33.3", "13.3", "26.7", "26.7", "6.7"
# 2024/2025 (ages on 1 January 2025): A, technical: A3 at schools, g5, L1 (4: totals only)
# and L9 (6), both girls, teacher T1
LAST_YEAR_A_TECHNICAL = expected(1, 0, 1, 2, 2, 2, 0, 0, 1, 0, 0, 1)


def _enrol(group, *learners, left=()):
    for learner in learners:
        Enrolment.objects.create(group=group, learner=learner, enrolled_on=group.academic_year.start)
    for learner in left:
        Enrolment.objects.create(
            group=group,
            learner=learner,
            enrolled_on=group.academic_year.start,
            status=Enrolment.Status.LEFT,
            left_on=group.academic_year.start + datetime.timedelta(days=60),
        )


def build() -> SimpleNamespace:
    year = AcademicYearFactory(label="2025/2026", is_current=True)
    last_year = AcademicYearFactory(label="2024/2025")
    authority = OrganisationFactory(name="Отдел образования X", kind=Organisation.Kind.AUTHORITY)
    a = OrganisationFactory(name="Центр А", kind=Organisation.Kind.CENTRE, authority=authority)
    b = OrganisationFactory(name="Дворец спорта Б", kind=Organisation.Kind.CULTURE_SPORT, authority=authority)
    technical = Direction.objects.get(slug="technical")
    arts = Direction.objects.get(slug="arts")
    a_main = VenueFactory(organisation=a, name="Главный корпус")
    a_school = VenueFactory(organisation=a, name="СОШ № 5", at_school=True)
    b_main = VenueFactory(organisation=b, name="Дворец")
    t1, t2, t3 = (PersonFactory(organisation=a) for _ in range(3))
    t4 = PersonFactory(organisation=b)
    robotics = ProgramFactory(organisation=a, direction=technical)
    studio = ProgramFactory(organisation=a, direction=arts)
    dance = ProgramFactory(organisation=b, direction=arts)
    a1, a2, a3 = (ClubFactory(organisation=a) for _ in range(3))
    b1 = ClubFactory(organisation=b)

    def group(club, program, venue, teacher, academic_year=year):
        return GroupFactory(
            club=club, program=program, venue=venue, room=None, teacher=teacher, academic_year=academic_year
        )

    g1 = group(a1, robotics, a_main, t1)
    g2 = group(a1, robotics, a_school, t1)
    g3 = group(a2, studio, a_main, t2)
    g6 = group(a2, studio, a_main, t3)
    g4 = group(b1, dance, b_main, t4)
    g5 = group(a3, robotics, a_school, t1, academic_year=last_year)

    def child(organisation, sex, born, disabled=False, surname=None):
        return LearnerFactory(
            organisation=organisation,
            sex=sex,
            birth_date=born,
            disabled=disabled,
            **({"surname": surname} if surname else {}),
        )

    d = datetime.date
    l1 = child(a, F, d(2021, 1, 1))
    l2 = child(a, M, d(2016, 1, 2))
    l3 = child(a, F, d(2016, 1, 1), disabled=True, surname="Двоякова")
    l4 = child(a, M, d(2011, 1, 2))
    l5 = child(a, UNKNOWN, d(2011, 1, 1))
    l6 = child(a, F, d(2008, 1, 2))
    l7 = child(a, M, d(2008, 1, 1))
    l8 = child(a, F, d(2021, 1, 2))
    l9 = child(a, F, d(2018, 6, 1))
    m1 = child(b, F, d(2016, 1, 1), disabled=True, surname="Двоякова")
    m2 = child(b, M, d(2013, 3, 3))
    _enrol(g1, l1, l2, l3)
    _enrol(g2, l3, l4)
    _enrol(g3, l3, l5, l6, l7, l8, left=[l2])
    _enrol(g4, m1, m2)
    _enrol(g5, l1, l9)
    TerritoryPupils.objects.create(authority=authority, academic_year=year, pupils=PUPILS)
    return SimpleNamespace(
        year=year,
        last_year=last_year,
        authority=authority,
        a=a,
        b=b,
        technical=technical,
        arts=arts,
        groups=(g1, g2, g3, g4, g5, g6),
    )
