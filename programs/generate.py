"""Generated clubs, programs, groups, schedules, enrolments and applications (see
centre/generate.py). Every group's children fit its ages, no group is overbooked, and no
room or teacher is in two places at once: the database's own constraints check each row."""

import datetime

from centre.generate import Generator, female, generate_children
from programs.demo import CATALOGUE
from programs.models import Direction, Profile

# four groups of one teacher share a room; each group gets two of these eight times
TIMES = [
    (1, "15:00", "16:30"),
    (3, "15:00", "16:30"),
    (2, "16:40", "18:10"),
    (4, "16:40", "18:10"),
    (5, "15:00", "16:30"),
    (6, "11:00", "12:30"),
    (1, "16:40", "18:10"),
    (3, "16:40", "18:10"),
]
FUNDING = ["free", "free", "free", "certificate", "certificate", "paid"]


def generate(gen: Generator) -> None:
    scale = gen.scale
    rng = gen.rng
    year = gen.data["year"]
    n_groups = scale.groups
    n_clubs = (n_groups + 1) // 2
    orgs = gen.data["organisations"]
    venues = gen.data["venues"]
    rooms = gen.data["rooms"]
    teachers = gen.data["teachers"]
    directions = {d.slug: d.pk for d in Direction.objects.all()}
    profiles = {(p.direction.slug, p.name): p.pk for p in Profile.objects.select_related("direction")}
    clubs_per_org = n_clubs / len(orgs)
    # the organisation of each club: its program's and its groups' children's too
    club_orgs = [orgs[min(int(c / clubs_per_org), len(orgs) - 1)] for c in range(n_clubs)]

    # --- programs and clubs: one program per club, modelled on the demo catalogue ----------
    first_program = gen.reserve("programs_program", n_clubs)
    first_club = gen.reserve("programs_club", n_clubs)
    templates = [CATALOGUE[c % len(CATALOGUE)] for c in range(n_clubs)]

    def programs():
        for c, (
            slug,
            _club,
            kind,
            _w,
            direction,
            profile,
            title,
            announcement,
            ages,
            levels,
            extra,
        ) in enumerate(templates):
            yield (
                first_program + c,
                f"{title} (г{c})",
                f"gen-{gen.scale.name}-{slug}-{c}",
                directions[direction],
                profiles[(direction, profile)],
                announcement,
                f"{announcement} Программа строится на проектной деятельности.",
                "Развитие способностей ребёнка через практическую деятельность.",
                "Ребёнок представляет собственный проект.",
                ages[0],
                ages[1],
                9,
                144 if kind == "quantum" else 72,
                8,
                15,
                "",
                "",
                "{" + ",".join(levels) + "}",
                bool(extra.get("is_modular")),
                bool(extra.get("is_network")),
                bool(extra.get("is_distance")),
                bool(extra.get("is_adapted")),
                "{" + ",".join(extra.get("disabilities", [])) + "}",
                "published",
                "",
                gen.now,
                gen.now,
                club_orgs[c],  # a program belongs to its groups' club's organisation
            )

    gen.copy(
        "programs_program",
        [
            "id",
            "title",
            "slug",
            "direction_id",
            "profile_id",
            "announcement",
            "description",
            "goals",
            "expected_results",
            "age_min",
            "age_max",
            "duration_months",
            "hours_per_year",
            "group_size_min",
            "group_size_max",
            "equipment",
            "image",
            "levels",
            "is_modular",
            "is_network",
            "is_distance",
            "is_adapted",
            "disabilities",
            "status",
            "review_comment",
            "created_at",
            "updated_at",
            "organisation_id",
        ],
        programs(),
        label="programs",
    )
    gen.copy(
        "programs_club",
        ["id", "name", "slug", "kind", "organisation_id", "description"],
        (
            (
                first_club + c,
                f"{template[1]} — ЦДО № {min(int(c / clubs_per_org), len(orgs) - 1) + 1}",
                f"gen-{gen.scale.name}-{template[0]}-{c}",
                template[2],
                club_orgs[c],
                template[7],
            )
            for c, template in enumerate(templates)
        ),
        label="clubs",
    )

    # --- groups -----------------------------------------------------------------------------
    first_group = gen.reserve("programs_group", n_groups)
    enrolled_counts = []
    group_rows = []
    for g in range(n_groups):
        c = g // 2
        ages = templates[c][8]
        org_index = min(int(c / clubs_per_org), len(orgs) - 1)
        places = rng.choice([20, 40, 45, 45, 50, 50, 60])
        # about one group in ten is full; the rest fill to the national average of ~38
        enrolled = (
            places if g % 10 == 0 else min(places, round(scale.learners / n_groups * rng.uniform(0.6, 1.1)))
        )
        enrolled_counts.append(enrolled)
        funding = FUNDING[g % len(FUNDING)]
        group_rows.append(
            (
                first_group + g,
                first_club + c,
                first_program + c,
                year.pk,
                f"Группа {g % 2 + 1}",
                g % 2 + 1,
                teachers[g // 4],
                venues[org_index],
                rooms[g // 4],
                ages[0],
                ages[1],
                places,
                enrolled,
                year.start - datetime.timedelta(days=30),
                gen.today + datetime.timedelta(days=60) if g % 7 else gen.today - datetime.timedelta(days=5),
                funding,
                1500 if funding == "paid" else None,
            )
        )
    # adjust group by group until the scale's number of children is reached exactly;
    # the full groups (every tenth) stay full
    difference = scale.learners - sum(enrolled_counts)
    step = 1 if difference > 0 else -1
    g = 0
    while difference and g < 50 * n_groups:
        index = g % n_groups
        row = group_rows[index]
        count = enrolled_counts[index] + step
        if index % 10 and 0 <= count <= row[11]:
            enrolled_counts[index] = count
            group_rows[index] = (*row[:12], count, *row[13:])
            difference -= step
        g += 1
    gen.copy(
        "programs_group",
        [
            "id",
            "club_id",
            "program_id",
            "academic_year_id",
            "name",
            "year_of_study",
            "teacher_id",
            "venue_id",
            "room_id",
            "age_min",
            "age_max",
            "places",
            "enrolled_count",
            "enrol_from",
            "enrol_until",
            "funding",
            "price",
        ],
        group_rows,
        label="groups",
    )

    # --- schedule: the k-th group of a teacher's four takes times 2k and 2k+1 ----------------
    first_slot = gen.reserve("programs_scheduleslot", n_groups * 2)

    def slots():
        for g, row in enumerate(group_rows):
            k = g % 4
            for lesson in range(2):
                weekday, starts, ends = TIMES[(2 * k + lesson) % len(TIMES)]
                yield (first_slot + 2 * g + lesson, row[0], weekday, starts, ends, row[8], year.pk, row[6])

    gen.copy(
        "programs_scheduleslot",
        ["id", "group_id", "weekday", "starts", "ends", "room_id", "academic_year_id", "teacher_id"],
        slots(),
        label="lessons",
    )

    # --- children and their enrolments --------------------------------------------------------
    # each child is a record of the organisation of the group it is enrolled in
    slots = []
    for g, row in enumerate(group_rows):
        slots.extend([(row[9], row[10], club_orgs[g // 2])] * enrolled_counts[g])
    learners = generate_children(gen, slots)
    first_enrollment = gen.reserve("programs_enrollment", len(learners))

    def enrollments():
        index = 0
        for g, row in enumerate(group_rows):
            for _ in range(enrolled_counts[g]):
                yield (first_enrollment + index, row[0], learners[index], None, "active", year.start, None)
                index += 1

    gen.copy(
        "programs_enrollment",
        ["id", "group_id", "learner_id", "application_id", "status", "enrolled_on", "left_on"],
        enrollments(),
        label="enrolments",
    )

    # --- applications: about one per twenty children, in every undecided status -------------
    n_applications = max(len(learners) // 20, 10)
    first_application = gen.reserve("programs_application", n_applications)
    statuses = ["new", "new", "waiting", "rejected", "withdrawn"]

    def applications():
        import uuid

        for a in range(n_applications):
            g = rng.randrange(n_groups)
            row = group_rows[g]
            status = statuses[a % len(statuses)]
            surname, name, patronymic = gen.person_name()
            age = rng.randint(row[9], row[10])
            born = gen.today - datetime.timedelta(days=age * 365 + 100 + a % 200)
            yield (
                first_application + a,
                row[0],
                uuid.UUID(int=rng.getrandbits(128), version=4),
                surname,
                name,
                patronymic,
                born,
                female(surname),
                "Ольга",
                "",
                f"+7 70{a:08d}"[:16],
                "",
                True,
                "Согласие дано.",
                "",
                status,
                "Нет свободных мест подходящего уровня." if status == "rejected" else "",
                None,
                gen.now if status in ("waiting", "rejected") else None,
                None,
                None,
                gen.now - datetime.timedelta(hours=a % 240),
            )

    gen.copy(
        "programs_application",
        [
            "id",
            "group_id",
            "token",
            "child_surname",
            "child_name",
            "child_patronymic",
            "child_birth_date",
            "guardian_surname",
            "guardian_name",
            "guardian_patronymic",
            "guardian_phone",
            "guardian_email",
            "consent_processing",
            "consent_text",
            "comment",
            "status",
            "reject_reason",
            "decided_by_id",
            "decided_at",
            "user_id",
            "learner_id",
            "created_at",
        ],
        applications(),
        label="applications",
    )
