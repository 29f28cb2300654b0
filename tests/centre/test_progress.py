"""centre.progress: a page of background work refreshes itself while the work runs and says
when the worker seems not to be running."""

import datetime

from django.utils import timezone

from centre.progress import REFRESH_SECONDS, STALLED_AFTER, worker_progress


def test_running_work_refreshes_and_is_stalled_only_after_a_while():
    now = timezone.now()
    assert worker_progress(busy=True, since=now) == {"refresh": REFRESH_SECONDS, "stalled": False}
    late = now - STALLED_AFTER - datetime.timedelta(seconds=1)
    assert worker_progress(busy=True, since=late) == {"refresh": REFRESH_SECONDS, "stalled": True}


def test_finished_work_neither_refreshes_nor_is_stalled():
    long_ago = timezone.now() - datetime.timedelta(days=1)
    assert worker_progress(busy=False, since=long_ago) == {"refresh": None, "stalled": False}
