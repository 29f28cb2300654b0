"""``{% load projects_tags %}{% club_projects club %}``: a club's public projects, for the
club's public page. One query, whatever the number of projects or members."""

from django import template

from projects.models import Project

register = template.Library()

CLUB_PROJECTS_LIMIT = 6


@register.inclusion_tag("projects/includes/club_projects.html")
def club_projects(club, limit=CLUB_PROJECTS_LIMIT):
    club_id = getattr(club, "pk", club)
    projects = list(
        Project.objects.public()
        .filter(club_id=club_id)
        .select_related("academic_year", "type")
        .order_by("-academic_year__start", "title")[: limit + 1]
    )
    return {"projects": projects[:limit], "has_more": len(projects) > limit, "club_id": club_id}
