"""The projects section's menu links only to pages the user may open (the staff sweep of
`make bench` found a teacher's menu linking to the achievement table, a 403 for them)."""

from django.urls import reverse


def test_a_teachers_menu_has_no_link_to_the_achievement_table(teacher_client):
    html = teacher_client.get(reverse("projects:staff_projects")).content.decode()
    assert reverse("projects:staff_results") in html
    assert reverse("projects:achievements") not in html
    assert teacher_client.get(reverse("projects:achievements")).status_code == 403


def test_a_methodists_menu_links_to_the_achievement_table(methodist_client):
    html = methodist_client.get(reverse("projects:staff_projects")).content.decode()
    assert reverse("projects:achievements") in html
