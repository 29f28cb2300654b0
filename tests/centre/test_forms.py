"""centre.forms: the one date widget, and a service's ValidationError put on a form."""

import datetime

from django import forms
from django.core.exceptions import ValidationError

from centre.forms import DateInput, show_errors


class EventForm(forms.Form):
    title = forms.CharField()
    day = forms.DateField(widget=DateInput())


def bound():
    form = EventForm({"title": "Слёт", "day": "2026-09-01"})
    assert form.is_valid()
    return form


def test_the_date_widget_is_the_browsers_picker_with_an_iso_value():
    html = EventForm(initial={"day": datetime.date(2026, 9, 1)}).as_p()
    assert 'type="date"' in html and 'value="2026-09-01"' in html


def test_a_message_for_a_field_goes_to_that_field_the_rest_to_the_form():
    form = bound()
    show_errors(form, ValidationError({"title": "Занято.", "organisation": "Не ваша.", "__all__": "Общая."}))
    assert form.errors["title"] == ["Занято."]
    assert form.non_field_errors() == ["Не ваша.", "Общая."]
    assert "organisation" not in form.errors


def test_a_plain_message_list_goes_to_the_form():
    form = bound()
    show_errors(form, ValidationError(["Первая.", "Вторая."]))
    assert form.non_field_errors() == ["Первая.", "Вторая."]
    assert not form.is_valid()
