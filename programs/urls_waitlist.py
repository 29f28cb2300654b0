"""The waiting list's pages (namespace "programs"): the parent's answers by the private link,
and staff's view of a group's line and its order."""

from django.urls import path

from programs.views import offers, staff_applications

urlpatterns = [
    path("applications/<uuid:token>/offer/accept/", offers.offer_accept, name="offer_accept"),
    path("applications/<uuid:token>/offer/decline/", offers.offer_decline, name="offer_decline"),
    path(
        "applications/<uuid:token>/withdraw/confirm/",
        offers.application_withdraw_confirm,
        name="application_withdraw_confirm",
    ),
    path("staff/groups/<int:pk>/waiting-list/", staff_applications.waiting_list, name="staff_waiting_list"),
    path(
        "staff/applications/<int:pk>/move/",
        staff_applications.application_move,
        name="staff_application_move",
    ),
]
