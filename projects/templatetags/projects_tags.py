"""``{% load projects_tags %}{% club_projects club %}``: a club's public projects, for the
club's public page. One or two queries, whatever the number of projects or members."""

from django import template

from projects.models import Project

register = template.Library()

CLUB_PROJECTS_LIMIT = 6


@register.inclusion_tag("projects/includes/club_projects.html")
def club_projects(club, limit=CLUB_PROJECTS_LIMIT):
    club_id = getattr(club, "pk", club)
    # Most clubs show no project: a plain look first spares building the consent check
    # (nested subqueries, about 4 ms of Python a club page).
    if not Project.objects.filter(club_id=club_id, is_public=True).exists():
        return {"projects": [], "has_more": False, "club_id": club_id}
    projects = list(
        Project.objects.public()
        .filter(club_id=club_id)
        .select_related("academic_year", "type")
        .order_by("-academic_year__start", "title")[: limit + 1]
    )
    return {"projects": projects[:limit], "has_more": len(projects) > limit, "club_id": club_id}
