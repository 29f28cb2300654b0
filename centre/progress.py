"""The page of work the task worker does in the background (an XLSX import's check and run, a
package's): while it runs, the page asks again every REFRESH_SECONDS by a ``<meta>`` refresh
(no script), and after STALLED_AFTER it says the worker may not be running."""

import datetime

from django.utils import timezone

REFRESH_SECONDS = 2
STALLED_AFTER = datetime.timedelta(minutes=15)


def worker_progress(*, busy: bool, since: datetime.datetime) -> dict:
    """The template's ``refresh`` (seconds, or None when the work is done) and ``stalled``."""
    return {
        "refresh": REFRESH_SECONDS if busy else None,
        "stalled": busy and timezone.now() - since > STALLED_AFTER,
    }
