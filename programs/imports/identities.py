"""The learners import's records, set-based: what the organisation already knows of the
file's children and parents is read once for the whole file, each row is resolved against
it in memory by the identity rule of enrolment, and the new records are written in bulk.

The rule is programs.services.enrolment's (``learner_and_guardian``, ``identity_records``,
``_applicant``): the parent is the organisation's record with the same surname (in any case)
and phone digits, the lowest first; the child is the organisation's record with the same
surname, name (in any case, trimmed) and birth date that is linked to that parent; a child of
that identity linked to anyone else refuses the row. Rows earlier in the file count as known
records for the rows after them, as if they had been accepted one by one. The identity locks
are the enrolment's own keys (``identity_lock_keys`` is tested against ``lock_identities``),
taken for the whole file before anything is read.
"""

from collections import defaultdict

from centre.locks import advisory_lock
from centre.models import Consent, Guardian, Guardianship, Learner, phone_digits
from programs.models import Enrolment


def normalised(text) -> str:
    return (text or "").strip().upper()


def child_key(surname, name, birth_date) -> tuple:
    return (normalised(surname), normalised(name), birth_date)


def parent_key(surname, phone) -> tuple:
    return (normalised(surname), phone_digits(phone))


def identity_lock_keys(organisation_id: int, surname, name, birth_date, phone) -> tuple[str, str]:
    """The child's and the parent's advisory-lock keys, as enrolment.lock_identities makes them."""
    child = "|".join(
        ("learner", str(organisation_id), normalised(surname), normalised(name), birth_date.isoformat())
    )
    return child, "|".join(("guardian", str(organisation_id), phone_digits(phone)))


def lock_all(keys_of_children, keys_of_parents) -> None:
    """Take every identity lock of the file in one statement: the children's first, then the
    parents', each sorted (an accept takes a child's, then a parent's: never a deadlock)."""
    advisory_lock(*sorted(set(keys_of_children)), *sorted(set(keys_of_parents)))


def token(record) -> tuple:
    """A record's identity in the maps: its key in the database, or the object made in this run."""
    return ("db", record.pk) if record.pk else ("new", id(record))


class Known:
    """What the organisation knows of the file's children and parents (five queries), and
    what the file's saved rows add to it."""

    def __init__(self, organisation, children: set, parents: set):
        self.organisation = organisation
        self.children = defaultdict(list)  # child_key → learners, lowest key first, then the file's
        self.parents = {}  # parent_key → the parent's record
        # matched here, in Python, by the same normalised text the lock keys use (not by the
        # database's upper(), which a "C" collation leaves lower for Cyrillic)
        learners = Learner.objects.filter(
            organisation=organisation, birth_date__in={key[2] for key in children}
        ).order_by("pk")
        for learner in learners:
            key = child_key(learner.surname, learner.name, learner.birth_date)
            if key in children:
                self.children[key].append(learner)
        ids = [learner.pk for records in self.children.values() for learner in records]
        self.links = {
            (("db", learner), ("db", guardian))
            for learner, guardian in Guardianship.objects.filter(learner_id__in=ids).values_list(
                "learner_id", "guardian_id"
            )
        }
        self.consents = {
            (("db", learner), ("db", guardian))
            for learner, guardian in Consent.objects.valid()
            .processing()
            .filter(learner_id__in=ids)
            .values_list("learner_id", "guardian_id")
        }
        self.enrolled = {
            (("db", learner), group)
            for learner, group in Enrolment.objects.active()
            .filter(learner_id__in=ids)
            .values_list("learner_id", "group_id")
        }
        surnames = {key[0] for key in parents}
        for guardian in (
            Guardian.objects.filter(organisation=organisation).only("pk", "surname", "phone").order_by("pk")
        ):
            key = parent_key(guardian.surname, guardian.phone)
            if key[0] in surnames:
                self.parents.setdefault(key, guardian)

    def parent(self, key):
        return self.parents.get(key)

    def linked_child(self, key, guardian):
        """The record of the child linked to this parent, or None; and whether any record of
        that identity is known."""
        records = self.children.get(key, [])
        if guardian is None:
            return None, bool(records)
        found = next((r for r in records if (token(r), token(guardian)) in self.links), None)
        return found, bool(records)
