"""The import of learners with their parents and consents, and, when the row names a group,
their enrolment into it by an order.

Each row is a child, the parent (legal representative) and the date of the parent's written
consent to the processing of personal data. The child's record follows the identity rule of
enrolment (docs/security.md, "Tenancy"; programs.services.enrolment): a record of the
organisation with the same surname, name and birth date is reused only when it is already
linked to the same parent (the phone, however typed, and the surname); linked to someone
else, the row is refused and staff check the documents. The enrolment goes into the draft
enrolment order of the organisation and year, or into the order signed on paper whose
number and date the row gives, with its start date and funding (the group's when empty).
"""

from collections import Counter

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from centre.errors import database_rules
from centre.models import Consent, Guardianship, Learner, Relation
from centre.phones import phone_validator
from centre.validators import validate_person_name
from programs.imports.base import Column, ImportResource
from programs.imports.catalogue import labels
from programs.imports.lookups import Names, rekey
from programs.imports.widgets import ChoiceWidget, DateWidget, LookupWidget, TextWidget, cell_text
from programs.models import Application, Enrolment, Group, age_problem
from programs.services.enrolment import learner_and_guardian, lock_identities, start_date
from programs.services.orders import enrolment_order

NAME = [validate_person_name]
# the group columns: a row that enrols names both
GROUP_KEYS = ("import_club", "import_group", "import_enrolled_on", "import_funding", "import_order_number")


class LearnerResource(ImportResource):
    row_column = "surname"

    class Meta(ImportResource.Meta):
        model = Learner

    def __init__(self, *, organisation, **kwargs):
        # the draft enrolment order of each academic year, once a saved row has used it
        self.drafts, self.pending_drafts = {}, {}
        # free places of the groups the file names, and the places its saved rows took
        self.free, self.pending_places, self.taken = {}, Counter(), Counter()
        self.groups = {}
        # the groups of the organisation's current academic year, by club
        for group in (
            Group.objects.filter(club__organisation=organisation, academic_year__is_current=True)
            .select_related("club", "academic_year")
            .order_by("pk")
        ):
            self.groups.setdefault(group.club_id, []).append(group)
        self.clubs = Names(
            {g.club for groups in self.groups.values() for g in groups}, lambda c: c.name, what=_("club")
        )
        super().__init__(organisation=organisation, **kwargs)

    def find_group(self, text, row):
        try:
            club = self.clubs.find(cell_text(row.get(self.headers["import_club"])))
        except ValueError:
            raise ValueError(
                _("Give the club of the group (a club with groups this academic year).")
            ) from None
        return Names(self.groups[club.pk], lambda g: g.name, what=_("group this year")).find(text)

    def get_columns(self):
        relations = labels(Relation) | {"мама": Relation.MOTHER, "папа": Relation.FATHER}
        fundings = labels(Group.Funding) | {
            "бюджет": Group.Funding.FREE,
            "сертификат": Group.Funding.CERTIFICATE,
            "платно": Group.Funding.PAID,
        }
        return [
            Column(
                "surname", "Фамилия ребёнка", TextWidget(max_length=100, required=True, validators=NAME), True
            ),
            Column("name", "Имя ребёнка", TextWidget(max_length=100, required=True, validators=NAME), True),
            Column("patronymic", "Отчество ребёнка", TextWidget(max_length=100, validators=NAME)),
            Column("birth_date", "Дата рождения", DateWidget(required=True), True, _("dd.mm.yyyy.")),
            Column("school", "Школа", TextWidget(max_length=200)),
            Column("school_class", "Класс", TextWidget(max_length=10)),
            Column(
                "guardian_surname",
                "Фамилия родителя",
                TextWidget(max_length=100, required=True, validators=NAME),
                True,
            ),
            Column(
                "guardian_name",
                "Имя родителя",
                TextWidget(max_length=100, required=True, validators=NAME),
                True,
            ),
            Column("guardian_patronymic", "Отчество родителя", TextWidget(max_length=100, validators=NAME)),
            Column(
                "guardian_phone",
                "Телефон родителя",
                TextWidget(max_length=40, required=True, validators=[phone_validator]),
                True,
                _("E.g. +7 (913) 123-45-67."),
            ),
            Column(
                "guardian_email", "E-mail родителя", TextWidget(max_length=254, validators=[validate_email])
            ),
            Column(
                "guardian_relation",
                "Кем приходится",
                ChoiceWidget(relations, default=Relation.GUARDIAN),
                help=_("One of: %(names)s; «legal guardian» when empty.")
                % {"names": ", ".join(str(r) for r in Relation.labels)},
            ),
            Column(
                "consent_on",
                "Дата согласия на обработку ПД",
                DateWidget(required=True),
                True,
                _("The date of the parent's written consent to the processing of personal data, dd.mm.yyyy."),
            ),
            Column(
                "import_club",
                "Объединение",
                TextWidget(max_length=200),
                help=_(
                    "To enrol the child: the club and the group of this academic year; else leave both empty."
                ),
            ),
            Column("import_group", "Группа", LookupWidget(self.find_group, required=False)),
            Column(
                "import_enrolled_on",
                "Дата зачисления",
                DateWidget(),
                help=_(
                    "The start date, in the group's academic year; today (or the year's first day) when empty."
                ),
            ),
            Column(
                "import_funding",
                "Финансирование",
                ChoiceWidget(fundings, default=""),
                help=_("«бюджет», «сертификат» or «платно»; the group's when empty."),
            ),
            Column(
                "import_order_number",
                "Номер приказа",
                TextWidget(max_length=40),
                help=_(
                    "Of an enrolment order signed on paper; when empty, the child goes into the draft enrolment order."
                ),
            ),
            Column("import_order_date", "Дата приказа", DateWidget(), help=_("Of that order, dd.mm.yyyy.")),
        ]

    def new_instance(self):
        return Learner(organisation=self.organisation)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        consent_on, birth_date = getattr(instance, "consent_on", None), instance.birth_date
        if consent_on and consent_on > timezone.localdate():
            errors.setdefault("consent_on", ValidationError(_("The consent cannot be dated in the future.")))
        elif consent_on and birth_date and "birth_date" not in errors and consent_on < birth_date:
            errors.setdefault(
                "consent_on", ValidationError(_("The consent cannot be given before the child was born."))
            )
        group = getattr(instance, "import_group", None)
        if group is None and "import_group" not in errors:
            if cell_text(getattr(instance, "import_club", "")):
                errors["import_group"] = ValidationError(
                    _("Give the group to enrol into, or leave the club empty.")
                )
            for key in GROUP_KEYS[2:]:
                if getattr(instance, key, None) and key not in errors:
                    errors[key] = ValidationError(_("Give the club and the group to enrol into."))
        elif group is not None and birth_date and "birth_date" not in errors:
            problem = age_problem(birth_date, group)
            if problem:
                errors["import_group"] = ValidationError(problem)
        super().validate_instance(instance, errors, validate_unique)

    def application(self, learner) -> Application:
        """The row as the enrolment service reads an application (never saved)."""
        return Application(
            child_surname=learner.surname,
            child_name=learner.name,
            child_patronymic=learner.patronymic,
            child_birth_date=learner.birth_date,
            guardian_surname=learner.guardian_surname,
            guardian_name=learner.guardian_name,
            guardian_patronymic=learner.guardian_patronymic,
            guardian_phone=learner.guardian_phone,
            guardian_email=learner.guardian_email,
            guardian_relation=learner.guardian_relation,
        )

    def do_instance_save(self, instance, is_create):
        """The child's and the parent's records by the identity rule (made when new), the link
        between them and the consent; the row's instance becomes the record saved."""
        organisation_id = self.organisation.pk
        application = self.application(instance)
        lock_identities(organisation_id, application)
        moment = timezone.now()
        try:
            learner, guardian, basis = learner_and_guardian(application, organisation_id, self.by, None, None)
        except ValidationError:
            raise ValidationError(
                {
                    "surname": _(
                        "The organisation already knows a child with this surname, name and date of birth, "
                        "linked to another parent. A name and a date of birth do not prove who the parent is: "
                        "check the documents and enrol the child from the child's application, or correct the row."
                    )
                }
            ) from None
        known = learner.created_at < moment
        changed = {
            name: getattr(instance, name) for name in ("school", "school_class") if getattr(instance, name)
        }
        if any(getattr(learner, name) != value for name, value in changed.items()):
            Learner.objects.filter(pk=learner.pk).update(**changed)
        link = {"basis": basis, "linked_by": self.by, "relation": instance.guardian_relation}
        if known:
            Guardianship.objects.get_or_create(guardian=guardian, learner=learner, defaults=link)
        else:  # a record made by this row has no link nor consent yet
            Guardianship.objects.create(guardian=guardian, learner=learner, **link)
        if (
            not known
            or not Consent.objects.valid().processing().filter(learner=learner, guardian=guardian).exists()
        ):
            Consent.objects.create(
                guardian=guardian,
                learner=learner,
                kind=Consent.Kind.PROCESSING,
                given_on=instance.consent_on,
                text=_("The parent's written consent on paper, entered from the file «%(file)s».")
                % {"file": self.source},
            )
        self.counts["reused" if known else "created"] += 1
        learner.known = known
        instance.pk, instance.learner = learner.pk, learner

    def after_save_instance(self, instance, row, **kwargs):
        if getattr(instance, "import_group", None) is not None:
            self.enrol(instance, instance.learner, instance.import_group)

    def order_for(self, group, row):
        """The order the row names (signed on paper), else the draft enrolment order of the
        group's year: looked up (and locked) by the orders service once per year, and kept
        once a row that used it is saved (a refused row's savepoint may have made it)."""
        if row.import_order_number or row.import_order_date:
            return enrolment_order(
                group=group,
                by=self.by,
                paper_number=row.import_order_number,
                paper_date=row.import_order_date,
            )
        draft = self.drafts.get(group.academic_year_id)
        if draft is None:
            draft = enrolment_order(group=group, by=self.by)
            self.pending_drafts[group.academic_year_id] = draft
        return draft

    def before_import(self, dataset, **kwargs):
        """Lock the groups the file names (in the import's transaction, until it ends) and
        read their free places: the rows take them in memory, and ``after_import`` adds the
        children to each group's count in one statement (a thousand updates of one row in one
        transaction would each walk the row's earlier versions)."""
        group = self.headers["import_group"]
        named = set()
        for row in dataset.dict if group in (dataset.headers or []) else ():
            try:
                named.add(self.find_group(cell_text(row.get(group)), row).pk)
            except (ValueError, KeyError):
                continue
        rows = Group.objects.select_for_update(of=("self",)).filter(pk__in=named).order_by("pk")
        self.free = {
            pk: places - enrolled - offered
            for pk, places, enrolled, offered in rows.values_list(
                "pk", "places", "enrolled_count", "offered_count"
            )
        }

    def row_done(self, result) -> None:
        if result.is_valid():
            self.drafts.update(self.pending_drafts)
            for pk, count in self.pending_places.items():
                self.free[pk] -= count
                self.taken[pk] += count
        self.pending_drafts.clear()
        self.pending_places.clear()

    def after_import(self, dataset, result, **kwargs):
        for pk, count in sorted(self.taken.items()):
            with database_rules(Group):
                Group.objects.filter(pk=pk).update(enrolled_count=F("enrolled_count") + count)

    def enrol(self, row, learner, group) -> Enrolment:
        """Enrol the child in the group, through the order the row names or the draft. The
        group's free places were read, and the group locked, when the import began
        (``before_import``); its count of enrolled children is written once, at the end."""
        if self.free.get(group.pk, 0) - self.pending_places[group.pk] <= 0:
            raise ValidationError(
                {
                    "import_group": _("The group «%(group)s» has no free places (%(places)s).")
                    % {"group": group, "places": group.places}
                }
            )
        self.pending_places[group.pk] += 1
        if learner.known and Enrolment.objects.active().filter(group=group, learner=learner).exists():
            raise ValidationError({"import_group": _("The child is already enrolled in this group.")})
        try:
            enrolled_on = start_date(group, row.import_enrolled_on)
            order = self.order_for(group, row)
        except ValidationError as error:
            keys = {
                "enrolled_on": "import_enrolled_on",
                "number": "import_order_number",
                "signed_on": "import_order_date",
            }
            raise rekey(error, keys, "import_order_number") from None
        with database_rules(Enrolment, Group):
            enrolment = Enrolment.objects.create(
                group=group,
                learner=learner,
                enrolled_on=enrolled_on,
                order=order,
                funding=row.import_funding or group.funding,
            )
        self.counts["enrolled"] += 1
        return enrolment
