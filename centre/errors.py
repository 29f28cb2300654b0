"""A database rule broken by a write, as the sentence its constraint carries.

Every rule the database keeps is a named constraint in a model's ``Meta.constraints`` with
its ``violation_error_message``. A write that two users race past the form's checks ends in
an IntegrityError naming the constraint (PostgreSQL's ``diag.constraint_name``); services
turn it into that constraint's message::

    with database_rules(Result):
        formset.save()

The message is found by the constraint's name, never by searching the error's text.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

CONFLICT = _("The record conflicts with another one; reload the page and try again.")


def constraint_name(error: IntegrityError) -> str | None:
    """The name of the constraint PostgreSQL reports as broken, if it names one."""
    cause = error.__cause__ if error.__cause__ is not None else error
    return getattr(getattr(cause, "diag", None), "constraint_name", None)


def constraint_error(error: IntegrityError, *models) -> ValidationError:
    """The ValidationError of the broken constraint among the models' ``Meta.constraints``
    (its violation_error_message, its name as the code); a generic "conflicts with another
    record" when none of them is the one named."""
    name = constraint_name(error)
    if name:
        for model in models:
            for constraint in model._meta.constraints:
                if constraint.name == name:
                    return ValidationError(constraint.get_violation_error_message(), code=name)
    return ValidationError(CONFLICT, code="conflict")


@contextmanager
def database_rules(*models) -> Iterator[None]:
    """Run the block in a savepoint; an IntegrityError inside it comes out as the
    ValidationError of ``constraint_error(error, *models)``, raised from it. The savepoint
    leaves an outer transaction usable after the error."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as error:
        raise constraint_error(error, *models) from error
