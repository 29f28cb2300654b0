"""The generator's machinery: scales, id ranges reserved from a table's sequence, and COPY of
named rows into a model's table."""

import datetime
import io
import random
import time
from collections import namedtuple
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection, models
from django.utils import timezone

from centre.demo import female_form
from centre.generate import names, seed004
from centre.models import GeneratedRange


@dataclass(frozen=True)
class Scale:
    """Seed 004's republic (fraction 1) or a part of it in the same proportions."""

    name: str
    fraction: float

    @property
    def figures(self) -> seed004.Figures:
        return seed004.figures(self.fraction)


SCALES = {
    # a centre's worth of children (5 000) in a small town's centres, schools and culture
    "centre": Scale("centre", fraction=5_000 / seed004.LEARNERS),
    "city": Scale("city", fraction=100_000 / seed004.LEARNERS),
    # seed 004: Kazakhstan, 2018
    "nation": Scale("nation", fraction=1.0),
}


def tsv(value) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    text = str(value)
    if "\\" in text or "\t" in text or "\n" in text:
        text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
    return text


def table_columns(model: type[models.Model]) -> list[str]:
    """The columns a row of the model's table is written with: every concrete field's, but
    a generated column, which the database computes, and one the database keeps by itself
    (a default of its own on a field nobody edits: the exchange's uuid, a change time)."""
    return [f.column for f in model._meta.concrete_fields if not f.generated and not _kept_by_database(f)]


def _kept_by_database(field) -> bool:
    return field.has_db_default() and (not field.editable or getattr(field, "auto_now", False))


_ROW_TYPES: dict[type[models.Model], type] = {}


def table_row(model: type[models.Model]) -> type:
    """The named row of the model's table (a namedtuple of table_columns): a row is built
    with every column named, so a column left out or one the table lacks fails at once."""
    if model not in _ROW_TYPES:
        _ROW_TYPES[model] = namedtuple(f"{model.__name__}Row", table_columns(model))
    return _ROW_TYPES[model]


def check_columns(model: type[models.Model], names: Iterable[str]) -> None:
    """Fail, naming them, when the rows lack a column of the model's table or carry one it has not."""
    columns, names = table_columns(model), list(names)
    missing = [column for column in columns if column not in names]
    extra = [name for name in names if name not in columns]
    if missing or extra:
        raise ValueError(
            f"COPY into {model._meta.db_table}: rows without {missing or 'nothing'}, "
            f"rows with columns the model has not: {extra or 'none'}."
        )


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

    def reserve(self, model: type[models.Model], count: int) -> int:
        """Reserve `count` ids of the model's table; returns the first. The range is recorded."""
        if count <= 0:
            return 0
        table = model._meta.db_table
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
        self,
        model: type[models.Model],
        rows: Iterable[tuple],
        *,
        label: str | None = None,
        batch: int = 200_000,
    ) -> int:
        """COPY named rows (table_row(model), or any namedtuple with exactly the table's
        columns) into the model's table, in batches; returns the count."""
        total = 0
        buffer = io.StringIO()
        pending = 0
        columns = None
        with connection.cursor() as cursor:
            for row in rows:
                if columns is None:
                    columns = list(row._fields)
                    check_columns(model, columns)
                buffer.write("\t".join(tsv(value) for value in row))
                buffer.write("\n")
                pending += 1
                if pending >= batch:
                    total += self._flush(cursor, model, columns, buffer, pending)
                    buffer, pending = io.StringIO(), 0
            if pending:
                total += self._flush(cursor, model, columns, buffer, pending)
        self.say(f"{label or model._meta.db_table}: {total:,}".replace(",", " "))
        return total

    @staticmethod
    def _flush(cursor, model, columns, buffer, pending) -> int:
        buffer.seek(0)
        cursor.copy_expert(f"COPY {model._meta.db_table} ({', '.join(columns)}) FROM STDIN", buffer)
        return pending

    def person_name(self, girl: bool | None = None):
        """A Kazakh name two times in three, a Russian one otherwise (the republic's people)."""
        rng = self.rng
        girl = rng.random() < 0.5 if girl is None else girl
        kazakh = rng.random() < 2 / 3
        surname = rng.choice(names.KZ_SURNAMES if kazakh else names.SURNAMES)
        if girl:
            given = names.KZ_GIRLS if kazakh else names.GIRLS
            return (
                female_form(surname),
                rng.choice(given),
                rng.choice(names.KZ_PATRONYMICS_F if kazakh else names.PATRONYMICS_F),
            )
        given = names.KZ_BOYS if kazakh else names.BOYS
        return (
            surname,
            rng.choice(given),
            rng.choice(names.KZ_PATRONYMICS_M if kazakh else names.PATRONYMICS_M),
        )


def remove_generated(stdout=None) -> int:
    """Delete every generated row, newest range first (children before their parents), after
    letting go of what others made for a generated organisation (_release_organisations)."""
    removed = _release_organisations()
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


def _release_organisations() -> int:
    """Rows made outside the generator that point at a generated organisation: the statistics'
    rows of a refresh, the benchmark's logins (a Person) and package tokens. A nullable link is
    cleared, any other such row deleted (with what hangs on it), so the organisations can go."""
    from centre.models import Organisation

    generated: dict[str, list[tuple[int, int]]] = {}
    for table, first, last in GeneratedRange.objects.values_list("table", "first_id", "last_id"):
        generated.setdefault(table, []).append((first, last))
    organisations = generated.get(Organisation._meta.db_table)
    if not organisations:
        return 0
    released = 0
    for relation in Organisation._meta.get_fields(include_hidden=True):
        if not (
            relation.auto_created and not relation.concrete and (relation.one_to_many or relation.one_to_one)
        ):
            continue
        model, name, column = relation.related_model, relation.field.name, relation.field.attname
        pointing = models.Q()
        for first, last in organisations:
            pointing |= models.Q(**{f"{column}__gte": first, f"{column}__lte": last})
        rows = model._base_manager.filter(pointing)
        for first, last in generated.get(model._meta.db_table, []):
            rows = rows.exclude(pk__range=(first, last))
        if relation.field.null:
            released += rows.update(**{name: None})
        else:
            released += rows.delete()[0]
    return released
