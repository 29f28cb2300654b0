from django.shortcuts import render
from django.views.decorators.http import require_GET

from innovation.register import public_platforms


@require_GET
def index(request):
    """What the centre publishes on its website anyway: platforms, levels, themes, orders."""
    platforms = list(public_platforms())
    return render(
        request,
        "innovation/index.html",
        {
            "live": [p for p in platforms if p.is_live],
            "past": [p for p in platforms if p.is_finished],
        },
    )
