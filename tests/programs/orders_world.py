"""What the orders' tests share: the roles that open the pages, an accept's URL and data, a draft with children."""

from django.urls import reverse

from programs import services
from programs.models import Order
from programs.services.orders import order_sign
from tests.programs.factories import ApplicationFactory
from tests.programs.helpers import today

ROLES = [("anonymous", 302), ("parent", 403), ("teacher", 403), ("methodist", 200), ("director", 200)]


def accept_url(application):
    return reverse("programs:staff_application_accept", args=[application.pk])


def accept_data(**overrides):
    data = {"enrolled_on": today().isoformat(), "funding": "free", "order": "draft", "confirmed": "1"}
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def errors_of(response):
    form = response.context["form"]
    return {name: [str(e) for e in errors] for name, errors in form.errors.items()}


def enrolled(group, director, count=2):
    """`count` children of the group accepted into the draft enrolment order."""
    for _ in range(count):
        services.application_accept(application=ApplicationFactory(group=group), by=director)
    return Order.objects.get(kind=Order.Kind.ENROLMENT, status=Order.Status.DRAFT)


def services_sign(order, director, number="1"):
    return order_sign(order=order, by=director, number=number, signed_on=today())
