"""What the mentoring form tests share."""

import datetime


def iso(day: datetime.date) -> str:
    return day.isoformat()


def errors_of(response) -> str:
    """Every error message of the page's form, as one string."""
    form = response.context["form"]
    return " ".join(message for messages in form.errors.values() for message in messages)
