"""The imports of programs and of groups with their schedules.

A program comes in as a draft of the organisation (the director approves it as any other);
a title the organisation already has is refused, so a file imported twice makes nothing
twice. A group names its club, program, teacher, venue and room by the names the portal
knows; its lessons are checked for clashes like the group page's (the teacher or the room
taken at that time, by another group or by an earlier row of the file).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from centre.errors import database_rules
from centre.models import AcademicYear, Person, Room, Venue
from programs.imports.base import Column, ImportResource
from programs.imports.lookups import Names
from programs.imports.schedule import ScheduleWidget
from programs.imports.widgets import (
    ChoiceListWidget,
    ChoiceWidget,
    DateWidget,
    LookupWidget,
    MoneyWidget,
    NumberWidget,
    TextWidget,
    cell_text,
    spellings,
    yes_no,
)
from programs.models import Club, Direction, Disability, Group, Level, Profile, Program, ScheduleSlot
from programs.slugs import unique_slug


def labels(choices) -> dict:
    """A TextChoices' labels (in every interface language, the active one first) and values,
    each naming its value."""
    return spellings(choices)


class ProgramResource(ImportResource):
    row_column = "title"
    # records found among the organisation's own by the lookups, or set by the resource
    trusted_fields = ("organisation", "direction", "profile", "created_by")

    class Meta(ImportResource.Meta):
        model = Program

    def __init__(self, **kwargs):
        self.directions = Names(
            # the directions list of the organisation's country
            Direction.objects.of_country(kwargs["organisation"].country),
            lambda d: d.name,
            what=_("direction"),
            more_names=lambda d: [d.slug, *filter(None, [d.name_kk, d.name_en])],
        )
        self.profiles = {}
        for profile in Profile.objects.all():
            self.profiles.setdefault(profile.direction_id, []).append(profile)
        super().__init__(**kwargs)

    def find_profile(self, text, row):
        try:
            direction = self.directions.find(cell_text(row.get(self.headers["direction"])))
        except ValueError:
            raise ValueError(_("Give the direction first: a profile belongs to one.")) from None
        return Names(self.profiles.get(direction.pk, []), lambda p: p.name, what=_("profile")).find(text)

    def get_columns(self):
        return [
            Column("title", "Название программы", TextWidget(max_length=250, required=True), True),
            Column(
                "direction",
                "Направленность",
                LookupWidget(lambda text, row: self.directions.find(text)),
                True,
                _("One of: %(names)s.")
                % {"names": ", ".join(sorted(d[0].name for d in self.directions.by_name.values()))},
            ),
            Column(
                "profile", "Профиль", LookupWidget(self.find_profile, required=False), help=_("Optional.")
            ),
            Column("announcement", "Краткое описание", TextWidget(max_length=400, required=True), True),
            Column("description", "Описание", TextWidget(max_length=20000, required=True), True),
            Column("goals", "Цели и задачи", TextWidget(max_length=20000)),
            Column("expected_results", "Ожидаемые результаты", TextWidget(max_length=20000)),
            Column(
                "age_min", "Возраст от", NumberWidget(minimum=3, maximum=18), True, _("Full years, 3 to 18.")
            ),
            Column(
                "age_max", "Возраст до", NumberWidget(minimum=3, maximum=18), True, _("Full years, 3 to 18.")
            ),
            Column("duration_months", "Срок освоения, месяцев", NumberWidget(minimum=1, maximum=120), True),
            Column("hours_per_year", "Часов в год", NumberWidget(minimum=1, maximum=2000), True),
            Column(
                "group_size_min",
                "Наполняемость от",
                NumberWidget(minimum=1, maximum=500, default=8),
                help=_("8 when empty."),
            ),
            Column(
                "group_size_max",
                "Наполняемость до",
                NumberWidget(minimum=1, maximum=500, default=15),
                help=_("15 when empty."),
            ),
            Column(
                "levels",
                "Уровни",
                ChoiceListWidget(labels(Level)),
                True,
                _("One or more, separated by commas: %(names)s.")
                % {"names": ", ".join(str(label) for label in Level.labels)},
            ),
            Column(
                "is_distance",
                "С дистанционным обучением",
                yes_no(),
                help=_("«yes» or «no»; «no» when empty."),
            ),
            Column("is_adapted", "Адаптированная", yes_no(), help=_("«yes» or «no»; «no» when empty.")),
            Column(
                "disabilities",
                "Виды нарушений",
                ChoiceListWidget(labels(Disability), default=()),
                help=_("For an adapted program, separated by commas: %(names)s.")
                % {"names": ", ".join(str(label) for label in Disability.labels)},
            ),
            Column("equipment", "Оборудование", TextWidget(max_length=20000)),
        ]

    def new_instance(self):
        return Program(organisation=self.organisation, created_by=self.by, status=Program.Status.DRAFT)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if "title" not in errors:
            instance.slug = unique_slug(Program, instance.title)
            if Program.objects.filter(organisation=self.organisation, title__iexact=instance.title).exists():
                errors["title"] = ValidationError(
                    _("The organisation already has a program with this title.")
                )
        super().validate_instance(instance, errors, validate_unique)

    def after_save_instance(self, instance, row, **kwargs):
        self.counts["created"] += 1


class GroupResource(ImportResource):
    row_column = "name"
    # records found among the organisation's own by the lookups (a query each otherwise)
    trusted_fields = ("club", "program", "academic_year", "teacher", "venue", "room")

    class Meta(ImportResource.Meta):
        model = Group

    def __init__(self, *, organisation, **kwargs):
        own = {"organisation": organisation}
        self.clubs = Names(Club.objects.filter(**own), lambda c: c.name, what=_("club"))
        self.programs = Names(
            Program.objects.filter(**own).exclude(status=Program.Status.ARCHIVED),
            lambda p: p.title,
            what=_("program"),
        )
        self.teachers = Names(
            Person.objects.filter(**own, is_active=True),
            lambda p: p.full_name,
            what=_("teacher"),
            more_names=lambda p: [p.short_name, f"{p.surname} {p.name}"],
        )
        self.venues = Names(Venue.objects.filter(**own), lambda v: v.name, what=_("venue"))
        self.rooms = {}
        for room in Room.objects.filter(venue__organisation=organisation):
            self.rooms.setdefault(room.venue_id, []).append(room)
        self.years = Names(AcademicYear.objects.all(), lambda y: y.label, what=_("academic year"))
        self.current_year = AcademicYear.objects.current()
        super().__init__(organisation=organisation, **kwargs)

    def find_room(self, text, row):
        try:
            venue = self.venues.find(cell_text(row.get(self.headers["venue"])))
        except ValueError:
            raise ValueError(_("Give the venue first: a room belongs to one.")) from None
        return Names(self.rooms.get(venue.pk, []), lambda r: r.name, what=_("room")).find(text)

    def get_columns(self):
        fundings = labels(Group.Funding) | {
            "бюджет": Group.Funding.FREE,
            "сертификат": Group.Funding.CERTIFICATE,
            "платно": Group.Funding.PAID,
        }
        return [
            Column(
                "club",
                "Объединение",
                LookupWidget(lambda t, r: self.clubs.find(t)),
                True,
                _("As the portal names the club."),
            ),
            Column(
                "program",
                "Программа",
                LookupWidget(lambda t, r: self.programs.find(t)),
                True,
                _("The program's title."),
            ),
            Column(
                "academic_year",
                "Учебный год",
                LookupWidget(lambda t, r: self.years.find(t), required=False),
                help=_("As 2025/2026; the current year when empty."),
            ),
            Column("name", "Название группы", TextWidget(max_length=100, required=True), True),
            Column(
                "year_of_study",
                "Год обучения",
                NumberWidget(minimum=1, maximum=10, default=1),
                help=_("1 when empty."),
            ),
            Column(
                "teacher",
                "Педагог",
                LookupWidget(lambda t, r: self.teachers.find(t)),
                True,
                _("Surname, name and patronymic of a working member of staff."),
            ),
            Column("venue", "Площадка", LookupWidget(lambda t, r: self.venues.find(t)), True),
            Column(
                "room",
                "Кабинет",
                LookupWidget(self.find_room, required=False),
                help=_("A room of the venue; optional."),
            ),
            Column("age_min", "Возраст от", NumberWidget(minimum=3, maximum=18), True),
            Column("age_max", "Возраст до", NumberWidget(minimum=3, maximum=18), True),
            Column("places", "Мест", NumberWidget(minimum=1, maximum=500), True),
            Column(
                "funding",
                "Финансирование",
                ChoiceWidget(fundings, default=Group.Funding.FREE),
                help=_("«бюджет», «сертификат» or «платно»; «бюджет» when empty."),
            ),
            Column(
                "price",
                "Стоимость в месяц",
                MoneyWidget(currency=self.organisation.profile.currency_sign),
                help=_("Only for a paid group."),
                # the header of the templates before the country profile (roubles only)
                aliases=("Стоимость в месяц, руб.",),
            ),
            Column("enrol_from", "Приём заявлений с", DateWidget(), help=_("dd.mm.yyyy; optional.")),
            Column("enrol_until", "Приём заявлений по", DateWidget(), help=_("dd.mm.yyyy; optional.")),
            Column(
                "import_schedule",
                "Расписание",
                ScheduleWidget(),
                help=_("Lessons separated by «;», e.g. «Пн 15:00–16:30; Чт 15:00–16:30»."),
            ),
        ]

    def new_instance(self):
        return Group(academic_year=self.current_year)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if instance.academic_year_id is None and "academic_year" not in errors:
            errors["academic_year"] = ValidationError(
                _("No academic year is marked as current: give the year, e.g. 2025/2026.")
            )
        super().validate_instance(instance, errors, validate_unique)

    def after_save_instance(self, instance, row, **kwargs):
        problems = []
        for lesson in getattr(instance, "import_schedule", None) or []:
            slot = ScheduleSlot(
                group=instance,
                weekday=lesson.weekday,
                starts=lesson.starts,
                ends=lesson.ends,
                room=instance.room,
            )
            try:
                slot.full_clean()
                with database_rules(ScheduleSlot):
                    slot.save()
            except ValidationError as error:
                problems.extend(f"{slot}: {message}" for message in error.messages)
        if problems:
            raise ValidationError({"import_schedule": problems})
        self.counts["created"] += 1
        self.counts["lessons"] += len(instance.import_schedule or [])
