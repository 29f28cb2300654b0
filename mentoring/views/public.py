from django.shortcuts import render
from django.views.decorators.http import require_GET

from mentoring.models import Form
from mentoring.selectors import public_programs


@require_GET
def index(request):
    """The centre's mentoring programs for everyone: titles, periods, forms and counts."""
    return render(
        request,
        "mentoring/index.html",
        {"programs": public_programs(), "mentoring_forms": Form.choices},
    )
