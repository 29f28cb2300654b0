"""centre.errors: a broken database rule comes back as its constraint's own sentence."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from centre.errors import CONFLICT, constraint_error, constraint_name, database_rules
from centre.models import Room, Venue
from tests.factories import RoomFactory

pytestmark = pytest.mark.django_db


def duplicate_room(room):
    Room.objects.create(venue=room.venue, name=room.name)


def test_the_broken_constraint_is_named_and_its_message_returned():
    room = RoomFactory()
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        duplicate_room(room)
    assert constraint_name(caught.value) == "centre_room_unique_name"
    error = constraint_error(caught.value, Venue, Room)
    (rule,) = (c for c in Room._meta.constraints if c.name == "centre_room_unique_name")
    assert error.messages == [str(rule.violation_error_message)]
    assert error.code == "centre_room_unique_name"


def test_a_constraint_of_none_of_the_models_gives_the_generic_conflict():
    room = RoomFactory()
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        duplicate_room(room)
    error = constraint_error(caught.value, Venue)
    assert error.code == "conflict" and error.messages == [str(CONFLICT)]


def test_database_rules_turn_the_error_into_the_message_and_keep_the_transaction_usable():
    room = RoomFactory()
    with pytest.raises(ValidationError) as caught, database_rules(Room):
        duplicate_room(room)
    assert caught.value.code == "centre_room_unique_name"
    assert isinstance(caught.value.__cause__, IntegrityError)
    assert Room.objects.filter(name=room.name).count() == 1  # the savepoint let the query run
