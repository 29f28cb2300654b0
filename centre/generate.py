"""Bulk generation of realistic, deterministic data at centre, city or nation scale.

The core generates organisations, venues, rooms, staff, children, guardians and consents;
each area adds its records in `<app>/generate.py` with `generate(gen)`. Rows go in with
COPY, ids are reserved from each table's sequence, and every reserved id range is recorded
in GeneratedRange so that `--replace` removes exactly what was generated, nothing else.
"""

import datetime
import io
import random
import time
from dataclasses import dataclass, field

from django.db import connection
from django.utils import timezone

from centre.models import GeneratedRange


@dataclass(frozen=True)
class Scale:
    name: str
    organisations: int
    groups: int
    learners: int
    teachers: int


SCALES = {
    "centre": Scale("centre", organisations=1, groups=300, learners=5_000, teachers=90),
    "city": Scale("city", organisations=20, groups=5_000, learners=100_000, teachers=1_500),
    # seed 004: Kazakhstan, 2018
    "nation": Scale("nation", organisations=1_287, groups=62_067, learners=2_364_966, teachers=18_828),
}

SURNAMES = [
    "Иванов",
    "Смирнов",
    "Кузнецов",
    "Попов",
    "Васильев",
    "Петров",
    "Соколов",
    "Михайлов",
    "Новиков",
    "Фёдоров",
    "Морозов",
    "Волков",
    "Алексеев",
    "Лебедев",
    "Семёнов",
    "Егоров",
    "Павлов",
    "Козлов",
    "Степанов",
    "Николаев",
    "Орлов",
    "Андреев",
    "Макаров",
    "Никитин",
    "Захаров",
    "Зайцев",
    "Соловьёв",
    "Борисов",
    "Яковлев",
    "Григорьев",
    "Романов",
    "Воробьёв",
    "Сергеев",
    "Кузьмин",
    "Фролов",
    "Александров",
    "Дмитриев",
    "Королёв",
    "Гусев",
    "Киселёв",
    "Ильин",
    "Максимов",
    "Поляков",
    "Сорокин",
    "Виноградов",
    "Ковалёв",
    "Белов",
    "Медведев",
    "Антонов",
    "Тарасов",
    "Жуков",
    "Баранов",
    "Филиппов",
    "Комаров",
    "Давыдов",
    "Беляев",
    "Герасимов",
    "Богданов",
    "Осипов",
    "Сидоров",
    "Матвеев",
    "Титов",
    "Марков",
]
BOYS = [
    "Александр",
    "Максим",
    "Михаил",
    "Артём",
    "Иван",
    "Даниил",
    "Дмитрий",
    "Кирилл",
    "Андрей",
    "Егор",
    "Никита",
    "Илья",
    "Алексей",
    "Матвей",
    "Тимофей",
    "Роман",
    "Владимир",
    "Ярослав",
    "Фёдор",
    "Георгий",
]
GIRLS = [
    "Анастасия",
    "Мария",
    "Дарья",
    "Анна",
    "Елизавета",
    "Полина",
    "Виктория",
    "Екатерина",
    "Софья",
    "Александра",
    "Варвара",
    "Ксения",
    "Алиса",
    "Вероника",
    "Арина",
    "Ульяна",
    "Ева",
    "Милана",
    "Василиса",
    "Алёна",
]
PATRONYMICS_M = [
    "Александрович",
    "Сергеевич",
    "Андреевич",
    "Дмитриевич",
    "Алексеевич",
    "Игоревич",
    "Олегович",
    "Викторович",
]
PATRONYMICS_F = [
    "Александровна",
    "Сергеевна",
    "Андреевна",
    "Дмитриевна",
    "Алексеевна",
    "Игоревна",
    "Олеговна",
    "Викторовна",
]
CITIES = [
    "Астана",
    "Алматы",
    "Шымкент",
    "Караганда",
    "Актобе",
    "Павлодар",
    "Усть-Каменогорск",
    "Семей",
    "Костанай",
    "Петропавловск",
    "Кызылорда",
    "Атырау",
    "Актау",
    "Тараз",
    "Уральск",
    "Кокшетау",
    "Талдыкорган",
]
DISTRICTS = ["Центральный", "Северный", "Южный", "Западный", "Восточный", "Заречный", "Промышленный"]


def female(surname: str) -> str:
    if surname.endswith(("ов", "ев", "ёв", "ин")):
        return surname + "а"
    return surname


def tsv(value) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    text = str(value)
    if "\\" in text or "\t" in text or "\n" in text:
        text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
    return text


@dataclass
class Generator:
    scale: Scale
    seed: int = 2026
    stdout: object = None
    rng: random.Random = field(init=False)
    data: dict = field(default_factory=dict)
    started: float = field(default_factory=time.monotonic)
    today: datetime.date = field(default_factory=timezone.localdate)
    now: datetime.datetime = field(default_factory=timezone.now)

    def __post_init__(self):
        self.rng = random.Random(self.seed)

    def say(self, message: str) -> None:
        if self.stdout:
            self.stdout.write(f"[{time.monotonic() - self.started:7.1f} s] {message}")

    def reserve(self, table: str, count: int) -> int:
        """Reserve `count` ids of a table; returns the first. The range is recorded."""
        if count <= 0:
            return 0
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), nextval(pg_get_serial_sequence(%s, 'id')) + %s - 1)",
                [table, table, count],
            )
            last = cursor.fetchone()[0]
        first = last - count + 1
        GeneratedRange.objects.create(table=table, first_id=first, last_id=last, scale=self.scale.name)
        return first

    def copy(
        self, table: str, columns: list[str], rows, *, label: str | None = None, batch: int = 200_000
    ) -> int:
        """COPY rows (tuples in column order) into a table, in batches; returns the count."""
        total = 0
        buffer = io.StringIO()
        pending = 0
        with connection.cursor() as cursor:
            for row in rows:
                buffer.write("\t".join(tsv(value) for value in row))
                buffer.write("\n")
                pending += 1
                if pending >= batch:
                    total += self._flush(cursor, table, columns, buffer, pending)
                    buffer, pending = io.StringIO(), 0
            if pending:
                total += self._flush(cursor, table, columns, buffer, pending)
        self.say(f"{label or table}: {total:,}".replace(",", " "))
        return total

    @staticmethod
    def _flush(cursor, table, columns, buffer, pending) -> int:
        buffer.seek(0)
        cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)
        return pending

    def person_name(self, girl: bool | None = None):
        girl = self.rng.random() < 0.5 if girl is None else girl
        surname = self.rng.choice(SURNAMES)
        if girl:
            return female(surname), self.rng.choice(GIRLS), self.rng.choice(PATRONYMICS_F)
        return surname, self.rng.choice(BOYS), self.rng.choice(PATRONYMICS_M)


def generate_core(gen: Generator) -> None:
    """Organisations with a venue each and rooms, staff, and the academic years."""
    from centre.demo import ensure_academic_years

    scale = gen.scale
    years = ensure_academic_years()
    gen.data["year"] = years["current"]

    n_org = scale.organisations
    first_org = gen.reserve("centre_organisation", n_org)
    gen.copy(
        "centre_organisation",
        ["id", "name", "short_name", "kind", "address", "phone", "email", "website"],
        (
            (
                first_org + i,
                f"Центр дополнительного образования № {i + 1} (масштабные данные)",
                f"ЦДО № {i + 1}",
                "centre",
                f"г. {CITIES[i % len(CITIES)]}",
                "",
                "",
                "",
            )
            for i in range(n_org)
        ),
        label="organisations",
    )
    gen.data["organisations"] = range(first_org, first_org + n_org)

    first_venue = gen.reserve("centre_venue", n_org)
    gen.copy(
        "centre_venue",
        ["id", "organisation_id", "name", "address", "district"],
        (
            (
                first_venue + i,
                first_org + i,
                f"Здание ЦДО № {i + 1}",
                f"г. {CITIES[i % len(CITIES)]}, ул. Школьная, {i % 90 + 1}",
                DISTRICTS[i % len(DISTRICTS)],
            )
            for i in range(n_org)
        ),
        label="venues",
    )
    gen.data["venues"] = range(first_venue, first_venue + n_org)

    # one room per four groups: a teacher's four groups share their room at distinct times
    n_rooms = (scale.groups + 3) // 4
    first_room = gen.reserve("centre_room", n_rooms)
    groups_per_org = scale.groups / n_org
    gen.copy(
        "centre_room",
        ["id", "venue_id", "name", "capacity"],
        (
            (first_room + r, first_venue + min(int(r * 4 / groups_per_org), n_org - 1), f"Каб. {r + 1}", 20)
            for r in range(n_rooms)
        ),
        label="rooms",
    )
    gen.data["rooms"] = range(first_room, first_room + n_rooms)

    n_teachers = scale.teachers
    first_person = gen.reserve("centre_person", n_teachers)
    per_org_teachers = n_teachers / n_org

    def teachers():
        for i in range(n_teachers):
            surname, name, patronymic = gen.person_name()
            org = first_org + min(int(i / per_org_teachers), n_org - 1)
            yield (
                first_person + i,
                surname,
                name,
                patronymic,
                "Педагог дополнительного образования",
                org,
                "",
                "",
                True,
            )

    gen.copy(
        "centre_person",
        ["id", "surname", "name", "patronymic", "position", "organisation_id", "email", "phone", "is_active"],
        teachers(),
        label="teachers",
    )
    gen.data["teachers"] = range(first_person, first_person + n_teachers)


def generate_children(gen: Generator, slots: list[tuple[int, int, int]]) -> range:
    """Children, one guardian each, the guardianship and consents (processing for all,
    publication for about half). `slots` gives each child's allowed age range and the
    organisation of the group the caller will enrol them in, in that order: each child is
    that organisation's record, and so is the guardian (centre.models, "Learner")."""
    n = len(slots)
    first_learner = gen.reserve("centre_learner", n)
    first_guardian = gen.reserve("centre_guardian", n)
    today = gen.today
    rng = gen.rng
    birth_dates = []

    def learners():
        for i, (age_min, age_max, organisation) in enumerate(slots):
            age = rng.randint(age_min, age_max)
            born = today - datetime.timedelta(days=age * 365 + rng.randint(30, 330))
            birth_dates.append(born)
            surname, name, patronymic = gen.person_name()
            yield (
                first_learner + i,
                surname,
                name,
                patronymic,
                born,
                f"СОШ № {rng.randint(1, 120)}",
                f"{max(1, min(11, age - 6))}{'АБВГ'[i % 4]}",
                gen.now,
                organisation,
            )

    gen.copy(
        "centre_learner",
        [
            "id",
            "surname",
            "name",
            "patronymic",
            "birth_date",
            "school",
            "school_class",
            "created_at",
            "organisation_id",
        ],
        learners(),
        label="children",
    )

    def guardians():
        for i, (_, _, organisation) in enumerate(slots):
            surname, name, patronymic = gen.person_name(girl=True)
            yield (
                first_guardian + i,
                surname,
                name,
                patronymic,
                f"+7 7{i // 10_000_000 % 10}{i:07d}"[:16],
                "",
                organisation,
            )

    gen.copy(
        "centre_guardian",
        ["id", "surname", "name", "patronymic", "phone", "email", "organisation_id"],
        guardians(),
        label="guardians",
    )
    first_link = gen.reserve("centre_guardianship", n)
    gen.copy(
        "centre_guardianship",
        ["id", "guardian_id", "learner_id", "relation", "basis", "linked_at"],
        (
            (first_link + i, first_guardian + i, first_learner + i, "mother", "application", gen.now)
            for i in range(n)
        ),
        label="guardianships",
    )
    published = [i for i in range(n) if i % 2 == 0]
    first_consent = gen.reserve("centre_consent", n + len(published))
    given = gen.data["year"].start

    def consents():
        for i in range(n):
            yield (
                first_consent + i,
                first_guardian + i,
                first_learner + i,
                "processing",
                "",
                given,
                None,
                None,
                gen.now,
            )
        for k, i in enumerate(published):
            yield (
                first_consent + n + k,
                first_guardian + i,
                first_learner + i,
                "publication",
                "",
                given,
                None,
                None,
                gen.now,
            )

    gen.copy(
        "centre_consent",
        [
            "id",
            "guardian_id",
            "learner_id",
            "kind",
            "text",
            "given_on",
            "valid_until",
            "withdrawn_at",
            "created_at",
        ],
        consents(),
        label="consents",
    )
    gen.data["learners"] = range(first_learner, first_learner + n)
    gen.data["guardians"] = range(first_guardian, first_guardian + n)
    gen.data["birth_dates"] = birth_dates
    return range(first_learner, first_learner + n)


def remove_generated(stdout=None) -> int:
    """Delete every generated row, newest range first (children before their parents)."""
    removed = 0
    with connection.cursor() as cursor:
        for generated in GeneratedRange.objects.order_by("-id"):
            cursor.execute(
                f'DELETE FROM "{generated.table}" WHERE id BETWEEN %s AND %s',  # noqa: S608 - table from our own records
                [generated.first_id, generated.last_id],
            )
            removed += cursor.rowcount
    GeneratedRange.objects.all().delete()
    if stdout:
        stdout.write(f"Removed {removed:,} generated rows.".replace(",", " "))
    return removed
