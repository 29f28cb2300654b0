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
from contextlib import suppress

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

from centre.errors import database_rules
from centre.models import Consent, Guardian, Guardianship, Learner, Relation, Sex
from centre.phones import phone_validator
from centre.validators import validate_person_name
from programs.imports.base import Column, ImportResource
from programs.imports.catalogue import labels
from programs.imports.identities import Known, child_key, identity_lock_keys, lock_all, parent_key, token
from programs.imports.lookups import Names, rekey
from programs.imports.widgets import (
    ChoiceWidget,
    DateWidget,
    LookupWidget,
    TextWidget,
    cell_text,
    spellings,
    yes_no,
)
from programs.models import Enrolment, Group, age_problem
from programs.services.enrolment import start_date
from programs.services.orders import enrolment_order

BATCH = 500

NAME = [validate_person_name]
IDENTITY_REFUSED = gettext_lazy(
    "The organisation already knows a child with this surname, name and date of birth, "
    "linked to another parent. A name and a date of birth do not prove who the parent is: "
    "check the documents and enrol the child from the child's application, or correct the row."
)
# «Пол» as schools write it (any case): «ж»/«м», «девочка»/«мальчик», «F»/«M», besides the
# labels in every interface language; an empty cell: not recorded (a known child's stays)
SEX_SPELLINGS = {
    "ж": Sex.FEMALE,
    "м": Sex.MALE,
    "девочка": Sex.FEMALE,
    "мальчик": Sex.MALE,
    "f": Sex.FEMALE,
    "m": Sex.MALE,
    "female": Sex.FEMALE,
    "male": Sex.MALE,
    "қыз": Sex.FEMALE,
    "ұл": Sex.MALE,
}


class SexWidget(ChoiceWidget):
    def __init__(self):
        super().__init__(SEX_SPELLINGS | spellings(Sex), default="")

    def unknown(self, text: str) -> str:
        return _("«%(value)s» is not a sex: write «ж» or «м» (or «девочка», «мальчик», «F», «M»).") % {
            "value": text
        }


# the group columns: a row that enrols names both
GROUP_KEYS = ("import_club", "import_group", "import_enrolled_on", "import_funding", "import_order_number")


class LearnerResource(ImportResource):
    row_column = "surname"

    class Meta(ImportResource.Meta):
        model = Learner
        # the rows write nothing (``after_import`` does): no savepoint a row
        use_bulk = True

    def __init__(self, *, organisation, **kwargs):
        # the orders the rows enrol by; the free places of the groups the file names, and
        # the places its accepted rows took; what they make, written at the end
        self.orders, self.free, self.taken = {}, {}, Counter()
        self.new_learners, self.new_guardians, self.links, self.consents, self.enrolments = [], [], [], [], []
        self.changed_learners = {}
        self.known = None
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
                "import_sex",
                "Пол",
                SexWidget(),
                help=_(
                    "«ж» for a girl, «м» for a boy (or «девочка», «мальчик», «F», «M»); empty: not recorded."
                ),
            ),
            Column(
                "import_disabled",
                "ОВЗ",
                yes_no(default=""),
                help=_(
                    "«да» for a child with disabilities (ОВЗ) by the commission's conclusion, «нет» otherwise; "
                    "empty: not recorded."
                ),
            ),
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

    def before_import(self, dataset, **kwargs):
        """Before any row: lock the groups the file names and read their free places, take
        the identity locks of every child and parent in the file, then read what the
        organisation knows of them (a fixed number of queries for any number of rows)."""
        children, parents, child_locks, parent_locks, named = set(), set(), [], [], set()
        cell = {
            key: self.fields[key]
            for key in ("surname", "name", "birth_date", "guardian_surname", "guardian_phone")
        }
        for row in dataset.dict:
            try:
                values = {key: field.clean(row) for key, field in cell.items()}
            except (ValueError, KeyError):
                values = None
            if values and all(values.values()):
                children.add(child_key(values["surname"], values["name"], values["birth_date"]))
                parents.add(parent_key(values["guardian_surname"], values["guardian_phone"]))
                locks = identity_lock_keys(
                    self.organisation.pk,
                    values["surname"],
                    values["name"],
                    values["birth_date"],
                    values["guardian_phone"],
                )
                child_locks.append(locks[0])
                parent_locks.append(locks[1])
            with suppress(ValueError, KeyError):
                named.add(self.find_group(cell_text(row.get(self.headers["import_group"])), row).pk)
        locked = Group.objects.select_for_update(of=("self",)).filter(pk__in=named).order_by("pk")
        self.free = {
            pk: places - enrolled - offered
            for pk, places, enrolled, offered in locked.values_list(
                "pk", "places", "enrolled_count", "offered_count"
            )
        }
        lock_all(child_locks, parent_locks)
        self.known = Known(self.organisation, children, parents)

    def save_instance(self, instance, is_create, row, **kwargs):
        """Resolve the row against the known records and plan its writes; nothing is written
        before ``after_import`` (a refused row plans nothing)."""
        ckey = child_key(instance.surname, instance.name, instance.birth_date)
        pkey = parent_key(instance.guardian_surname, instance.guardian_phone)
        guardian = self.known.parent(pkey)
        learner, any_known = self.known.linked_child(ckey, guardian)
        if learner is None and any_known:
            raise ValidationError({"surname": IDENTITY_REFUSED})
        new_guardian = guardian is None
        if new_guardian:
            guardian = Guardian(
                organisation=self.organisation,
                surname=instance.guardian_surname.strip(),
                name=instance.guardian_name.strip(),
                patronymic=instance.guardian_patronymic.strip(),
                phone=instance.guardian_phone,
                email=instance.guardian_email,
            )
        known = learner is not None
        if not known:
            learner = Learner(
                organisation=self.organisation,
                surname=instance.surname.strip(),
                name=instance.name.strip(),
                patronymic=instance.patronymic.strip(),
                birth_date=instance.birth_date,
                school=instance.school,
                school_class=instance.school_class,
                sex=instance.import_sex,
                disabled=instance.import_disabled is True,
            )
        enrolment = self.plan_enrolment(instance, learner) if instance.import_group is not None else None
        # the row is accepted: what it makes becomes known to the rows after it
        if new_guardian:
            self.known.parents[pkey] = guardian
            self.new_guardians.append(guardian)
        if not known:
            self.known.children[ckey].append(learner)
            self.new_learners.append(learner)
        elif self.changes(instance, learner):
            learner.school = instance.school or learner.school
            learner.school_class = instance.school_class or learner.school_class
            learner.sex = instance.import_sex or learner.sex
            if instance.import_disabled != "":
                learner.disabled = instance.import_disabled
            if learner.pk:  # one made by an earlier row is written with the change
                self.changed_learners[learner.pk] = learner
        pair = (token(learner), token(guardian))
        if pair not in self.known.links:
            self.known.links.add(pair)
            self.links.append(
                Guardianship(
                    guardian=guardian,
                    learner=learner,
                    basis=Guardianship.Basis.APPLICATION,
                    linked_by=self.by,
                    relation=instance.guardian_relation,
                )
            )
        if pair not in self.known.consents:
            self.known.consents.add(pair)
            self.consents.append(
                Consent(
                    guardian=guardian,
                    learner=learner,
                    kind=Consent.Kind.PROCESSING,
                    given_on=instance.consent_on,
                    text=_("The parent's written consent on paper, entered from the file «%(file)s».")
                    % {"file": self.source},
                )
            )
        if enrolment is not None:
            self.known.enrolled.add((token(learner), enrolment.group.pk))
            self.free[enrolment.group.pk] -= 1
            self.taken[enrolment.group.pk] += 1
            self.enrolments.append(enrolment)
            self.counts["enrolled"] += 1
        self.counts["reused" if known else "created"] += 1

    @staticmethod
    def changes(instance, learner) -> bool:
        """Whether the row changes a known child's school, class, sex or ОВЗ (an empty cell
        changes nothing)."""
        return any(
            getattr(instance, n) and getattr(learner, n) != getattr(instance, n)
            for n in ("school", "school_class")
        ) or (
            (instance.import_sex and instance.import_sex != learner.sex)
            or (instance.import_disabled != "" and instance.import_disabled != learner.disabled)
        )

    def plan_enrolment(self, row, learner) -> Enrolment:
        group = row.import_group
        if self.free.get(group.pk, 0) <= 0:
            raise ValidationError(
                {
                    "import_group": _("The group «%(group)s» has no free places (%(places)s).")
                    % {"group": group, "places": group.places}
                }
            )
        if (token(learner), group.pk) in self.known.enrolled:
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
        return Enrolment(
            group=group,
            learner=learner,
            enrolled_on=enrolled_on,
            order=order,
            funding=row.import_funding or group.funding,
        )

    def order_for(self, group, row):
        """The order the row names (signed on paper), else the draft enrolment order of the
        group's year: from the orders service once per order in the file."""
        key = (group.academic_year_id, row.import_order_number or "", row.import_order_date)
        if key not in self.orders:
            self.orders[key] = enrolment_order(
                group=group,
                by=self.by,
                paper_number=row.import_order_number,
                paper_date=row.import_order_date,
            )
        return self.orders[key]

    def after_import(self, dataset, result, **kwargs):
        """Write what the accepted rows planned, in bulk (with the history of the records
        that keep one, naming the batch's user); the database's constraints are the last word."""
        try:
            with database_rules(Learner, Guardian, Guardianship, Consent, Enrolment, Group):
                Learner.objects.bulk_create(self.new_learners, batch_size=BATCH)
                Guardian.objects.bulk_create(self.new_guardians, batch_size=BATCH)
                Learner.objects.bulk_update(
                    self.changed_learners.values(),
                    ["school", "school_class", "sex", "disabled"],
                    batch_size=BATCH,
                )
                # the records made above have their keys now
                for record in (*self.links, *self.consents):
                    record.learner_id, record.guardian_id = record.learner.pk, record.guardian.pk
                for record in self.enrolments:
                    record.learner_id = record.learner.pk
                for model, records in (
                    (Guardianship, self.links),
                    (Consent, self.consents),
                    (Enrolment, self.enrolments),
                ):
                    bulk_create_with_history(records, model, batch_size=BATCH, default_user=self.by)
                for pk, count in sorted(self.taken.items()):
                    Group.objects.filter(pk=pk).update(enrolled_count=F("enrolled_count") + count)
        except ValidationError as error:
            self.file_errors.extend(error.messages)
            # an error of the result: django-import-export rolls the whole import back
            result.append_base_error(self.get_error_result_class()(error))
