from django import template

register = template.Library()


@register.filter
def name_for(participant, user) -> str:
    """``{{ participant|name_for:request.user }}``: the name this user may see (a child's
    full name only with the right to read children's personal data)."""
    return participant.name_for(user) if participant is not None else ""
