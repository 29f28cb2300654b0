"""Orders in the words of their organisation's country: the act the printed order cites and
the children's funding (the certificate: «сертификат ПФДО» or «ваучер»)."""

import pytest
from django.urls import reverse

from centre.countries import Country
from centre.models import Organisation
from programs.models import Group
from tests.programs.factories import ApplicationFactory, GroupFactory
from tests.programs.orders_world import enrolled

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("country", "act", "certificate", "other_act", "other_certificate"),
    [
        (Country.KAZAKHSTAN, "№ 385", "ваучер", "№ 629", "ПФДО"),
        (Country.RUSSIA, "№ 629", "сертификат ПФДО", "№ 385", "ваучер"),
    ],
)
def test_the_printed_order_cites_the_countrys_act_and_funding_words(
    director_client, director, country, act, certificate, other_act, other_certificate
):
    group = GroupFactory(funding=Group.Funding.CERTIFICATE)
    Organisation.objects.filter(pk=group.club.organisation_id).update(country=country)
    order = enrolled(group, director, count=1)
    body = director_client.get(reverse("programs:staff_order_print", args=[order.pk])).content.decode()
    grounds = body[body.index('id="order-grounds"') :][:600]
    assert act in grounds and other_act not in grounds and "ПРИКАЗЫВАЮ" in grounds
    assert certificate in body and other_certificate not in body


def test_the_accept_form_offers_the_countrys_funding_words(methodist_client):
    group = GroupFactory(funding=Group.Funding.CERTIFICATE)
    Organisation.objects.filter(pk=group.club.organisation_id).update(country=Country.KAZAKHSTAN)
    application = ApplicationFactory(group=group)
    html = methodist_client.get(
        reverse("programs:staff_application_accept", args=[application.pk])
    ).content.decode()
    assert '<option value="certificate" selected>ваучер</option>' in html
    assert "ПФДО" not in html
