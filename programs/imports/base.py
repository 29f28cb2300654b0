"""What every import shares: the file read into a tablib Dataset, its headers checked against
the kind's columns, and the rows run through a django-import-export resource whose refusals
come out as {row, column, message} in Russian.

A resource declares its columns (``Column``: the attribute it fills, the header of the file,
the widget that reads the cell). Each row goes through django-import-export's own workflow:
the widgets, then the model's ``full_clean()`` (fields, ``clean()``, the Meta constraints),
then the save, whose IntegrityErrors come out as the broken constraint's sentence
(``centre.errors.database_rules``). The check is the same run as the import, inside a
transaction that is rolled back (``dry_run``); the import is one transaction that is rolled
back when any row is refused. Row numbers are the ones Excel shows: the header is row 1.
"""

import logging
import zipfile
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from io import BytesIO
from types import SimpleNamespace

import openpyxl
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from import_export import resources
from import_export.fields import Field
from simple_history.models import HistoricalRecords
from tablib import Dataset

from centre.errors import database_rules
from programs.imports.widgets import cell_text, normalised

logger = logging.getLogger(__name__)

# the header is the first row of the sheet: the first row of data is Excel's row 2
FIRST_ROW = 2
# columns read (the templates have at most 20) and empty rows after which the list has ended
MAX_COLUMNS = 60
TRAILING_BLANKS = 2000

# a workbook of text unpacks to some ten times its size; beyond this it is no list of records
UNPACKED_RATIO = 20


def errors_header() -> str:
    """The column of errors the batch's page adds to a file it gives back, in the active
    language (skipped on import, whatever language it was written in)."""
    return _("Errors")


def is_errors_header(text: str) -> bool:
    return text in {translated(code, "Errors") for code, _name in settings.LANGUAGES}


def translated(language: str, message: str) -> str:
    with translation.override(language):
        return _(message)


@dataclass(frozen=True)
class Column:
    """One column of an import file: the instance attribute it fills (a model field, or a
    plain attribute the resource reads when it saves the row), its header in the file, the
    widget that reads its cells, and what to write there (the template's second sheet);
    ``aliases``: older headers still read as this column (files made from an old template)."""

    key: str
    header: str
    widget: object
    required: bool = False
    help: str = ""
    aliases: tuple = ()


@dataclass
class Outcome:
    """What checking or importing a file found: the errors by row, and the totals of what was
    (or would be) saved."""

    errors: list = field(default_factory=list)
    totals: dict = field(default_factory=dict)
    rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def error(row, column, message) -> dict:
    return {"row": row, "column": str(column or ""), "message": str(message)}


class FileRefused(ValidationError):
    """The upload is not a workbook that can be read at all (nothing is kept)."""


def check_unpacked(content: bytes) -> None:
    """Refuse a workbook that unpacks to far more than a list of records could (a zip bomb
    the size limit of the upload lets through)."""
    try:
        with zipfile.ZipFile(BytesIO(content)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except zipfile.BadZipFile as failure:
        raise FileRefused(_("The file cannot be read as an Excel workbook (.xlsx).")) from failure
    limit = settings.IMPORT_MAX_MEGABYTES * UNPACKED_RATIO
    if unpacked > limit * 1024 * 1024:
        raise FileRefused(
            _("The file unpacks to more than %(limit)s MB: it cannot be a list to import.") % {"limit": limit}
        )


def read_workbook(content: bytes, *, max_rows: int | None = None) -> Dataset:
    """The first sheet as a Dataset, read by openpyxl in read-only mode (the values of
    formulas, never the formulas), as django-import-export's XLSX format reads it, but
    reading no further than ``max_rows`` filled rows plus one (the file is then refused as
    too long) and stopping at TRAILING_BLANKS empty rows in a row (the formatting Excel
    leaves below a list)."""
    check_unpacked(content)
    try:
        book = openpyxl.load_workbook(BytesIO(content), read_only=True, data_only=True)
        try:
            rows = book.worksheets[0].iter_rows(values_only=True, max_col=MAX_COLUMNS)
            headers = list(next(rows, ()))
            dataset = Dataset(headers=headers)
            filled = blanks = 0
            for values in rows:
                values = (list(values) + [None] * len(headers))[: len(headers)]
                if blank(values):
                    blanks += 1
                    if blanks >= TRAILING_BLANKS:
                        break
                else:
                    filled, blanks = filled + 1, 0
                dataset.append(values)
                if max_rows is not None and filled > max_rows:
                    break
        finally:
            book.close()
    except Exception as failure:  # a zip that is not a workbook, a broken XML: all one answer
        logger.info("An import file could not be read: %s", failure)
        raise FileRefused(_("The file cannot be read as an Excel workbook (.xlsx).")) from failure
    return dataset


def blank(values) -> bool:
    return all(cell_text(value) == "" for value in values)


def prepare(columns: list[Column], content: bytes) -> tuple[Dataset, list, int]:
    """The file's rows with the headers of ``columns`` (in any case, extra spaces ignored),
    the file's own errors (a missing or unknown column, too many rows; row 1 is the header)
    and the number of filled rows. Empty rows stay, so that numbers match Excel's."""
    source = read_workbook(content, max_rows=settings.IMPORT_MAX_ROWS)
    known = {normalised(column.header): column.header for column in columns}
    for column in columns:
        known.update({normalised(alias): column.header for alias in column.aliases})
    errors, kept, headers = [], [], []
    for index, header in enumerate(source.headers or []):
        text = cell_text(header)
        if is_errors_header(text):
            continue
        if not text:
            if any(cell_text(row[index]) for row in source):
                errors.append(
                    error(1, _("column %(number)s") % {"number": index + 1}, _("The column has no header."))
                )
            continue
        canonical = known.get(normalised(text))
        if canonical is None:
            errors.append(error(1, text, _("This column is not in the template: rename or remove it.")))
        elif canonical in headers:
            errors.append(error(1, text, _("The column appears twice.")))
        else:
            kept.append(index)
            headers.append(canonical)
    for column in columns:
        if column.required and column.header not in headers:
            errors.append(error(1, column.header, _("The file has no such column: download the template.")))
    dataset = Dataset(headers=headers)
    for row in source:
        dataset.append([row[index] for index in kept])
    filled = sum(1 for row in dataset if not blank(row))
    if filled == 0 and not errors:
        errors.append(error(None, "", _("The file has no rows under the header.")))
    if filled > settings.IMPORT_MAX_ROWS:
        errors.append(
            error(
                None,
                "",
                _("The file has more than %(max)s rows; that many cannot be imported at once: split it.")
                % {"max": settings.IMPORT_MAX_ROWS},
            )
        )
    return dataset, errors, filled


@contextmanager
def acting_as(user):
    """The history of the records an import saves names its user (who, when), in the
    worker too, where no request sets it (django-simple-history reads the request's user)."""
    context = HistoricalRecords.context
    if getattr(context, "request", None) is not None or user is None:
        yield
        return
    context.request = SimpleNamespace(user=user)
    try:
        yield
    finally:
        del context.request


class ImportResource(resources.ModelResource):
    """A django-import-export resource for one kind of file. Subclasses give ``get_columns()``
    and ``row_column`` (the column a row's error that names no field is shown under), and
    save related records in ``after_save_instance`` raising ValidationError keyed by column
    keys. ``counts`` tells what was saved ("created", "reused", "enrolled"...)."""

    row_column = ""
    # fields the resource sets itself (the batch's organisation): not checked again each row
    trusted_fields = ("organisation",)

    class Meta:
        fields = ()  # the columns are made in __init__, in the active language
        import_id_fields = ()
        force_init_instance = True  # every row is new; a resource that reuses records says so
        skip_diff = True
        clean_model_instances = True
        use_transactions = True

    def __init__(self, *, organisation, by, source: str = ""):
        super().__init__()
        self.organisation, self.by, self.source = organisation, by, source
        self.columns = self.get_columns()
        self.headers = {column.key: column.header for column in self.columns}
        for column in self.columns:
            self.fields[column.key] = Field(
                attribute=column.key, column_name=column.header, widget=column.widget
            )
        self.counts = Counter()
        self.file_errors = []  # what the database refused of the whole file (a bulk write)
        self.done = 0
        self.progress = None  # a callable given the number of rows done, now and then

    def get_columns(self) -> list[Column]:
        raise NotImplementedError

    def new_instance(self):
        raise NotImplementedError

    def init_instance(self, row=None):
        """A new record, with the value of an empty cell in each column the file may leave out
        that is not a field of the model (the model's defaults fill its own fields)."""
        instance = self.new_instance()
        fields = {field.name for field in self._meta.model._meta.get_fields()}
        for column in self.columns:
            if column.key not in fields:
                try:
                    empty = column.widget.clean(None)
                except ValueError:
                    empty = None
                setattr(instance, column.key, empty)
        return instance

    def skip_row(self, instance, original, row, import_validation_errors=None):
        return blank(row.values())

    def import_row(self, row, instance_loader, **kwargs):
        result = super().import_row(row, instance_loader, **kwargs)
        if not result.is_valid() and not self._meta.use_bulk:
            # django-import-export runs each row in a savepoint of its own: a row refused
            # half-way (its related records saved, then one refused) leaves none of them for
            # the rows after it to see
            transaction.set_rollback(True)
        self.row_done(result)
        if not result.is_skip():
            self.done += 1
            if self.progress is not None and self.done % 20 == 0:
                self.progress(self.done)
        return result

    def row_done(self, result) -> None:
        """After each row, saved or refused (a subclass keeps what a saved row made)."""

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The widgets' refusals and the model's ``full_clean()`` (fields, ``clean()``,
        unique fields), said together. The Meta constraints are the database's to check, on
        the save that follows in the same run (check or import alike): their sentences come
        from centre.errors.database_rules, one query fewer a row than checking them twice."""
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(
                exclude=[*errors, *self.trusted_fields],
                validate_unique=validate_unique,
                validate_constraints=False,
            )
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def do_instance_save(self, instance, is_create):
        with database_rules(self._meta.model):
            instance.save(force_insert=is_create)

    def outcome(self, result, filled: int) -> Outcome:
        """The errors of the run by Excel's row number and column header, in file order."""
        errors = []
        for invalid in result.invalid_rows:
            for key, messages in invalid.error_dict.items():
                column = self.headers.get(key) or self.headers.get(self.row_column, "")
                if key == NON_FIELD_ERRORS:
                    column = self.headers.get(self.row_column, "")
                errors.extend(error(invalid.number + 1, column, message) for message in messages)
        for failed in result.error_rows:
            for problem in failed.errors:
                logger.error("Import row %s failed", failed.number, exc_info=problem.error)
                # the exception's text stays in the log: it may quote SQL or other records
                errors.append(
                    error(
                        failed.number + 1,
                        "",
                        _("The row could not be saved: the reason is in the server's log."),
                    )
                )
        for problem in result.base_errors:
            if isinstance(problem.error, ValidationError):
                continue  # a rule of the database the resource said in file_errors
            logger.error("Import failed", exc_info=problem.error)
            errors.append(
                error(None, "", _("The file could not be imported: the reason is in the server's log."))
            )
        errors.extend(error(None, "", message) for message in self.file_errors)
        errors.sort(key=lambda item: item["row"] or 0)
        return Outcome(errors=errors, totals=dict(self.counts), rows=filled)


def run_import(resource: ImportResource, dataset: Dataset, *, dry_run: bool, filled: int) -> Outcome:
    """Check (``dry_run``: saved, then rolled back) or import every row in one transaction;
    nothing stays saved when any row is refused. Errors are said in the active language (the
    caller's: programs.imports.runs sets the one of who started the run)."""
    with acting_as(resource.by):
        result = resource.import_data(
            dataset,
            dry_run=dry_run,
            use_transactions=True,
            rollback_on_validation_errors=True,
            raise_errors=False,
        )
        outcome = resource.outcome(result, filled)
    if not outcome.ok:
        outcome.totals = {}
    return outcome
