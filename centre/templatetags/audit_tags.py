"""``{% can_read_audit as show_audit %}``: whether the header shows the personal data log."""

from django import template

from centre.audit import can_read_audit as _can_read_audit

register = template.Library()


@register.simple_tag(takes_context=True)
def can_read_audit(context) -> bool:
    request = context.get("request")
    return _can_read_audit(request.user) if request is not None else False
