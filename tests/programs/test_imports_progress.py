"""The count of rows done, written by a connection of its own while the import's transaction
is open, so that the batch's page shows it; it never waits for a lock."""

import time

import pytest
from django.db import transaction

from programs.imports.progress import Progress
from programs.models import ImportBatch
from tests.factories import home_organisation

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def make_batch():
    return ImportBatch.objects.create(
        organisation=home_organisation(), kind="learners", file_name="f.xlsx", content=b""
    )


def test_the_count_is_seen_while_the_import_s_transaction_is_open():
    batch = make_batch()
    progress = Progress(batch.pk)
    try:
        with transaction.atomic():
            ImportBatch.objects.filter(pk=batch.pk).values("pk").first()  # the run's transaction is open
            progress(40)
            # committed by the side connection: a fresh read in this transaction sees it
            assert ImportBatch.objects.get(pk=batch.pk).done_rows == 40
    finally:
        progress.close()


def test_a_locked_batch_row_is_left_as_it_is_without_waiting():
    batch = make_batch()
    progress = Progress(batch.pk)
    try:
        with transaction.atomic():
            ImportBatch.objects.select_for_update().get(pk=batch.pk)
            started = time.monotonic()
            progress(10)
            assert time.monotonic() - started < 2
        assert ImportBatch.objects.get(pk=batch.pk).done_rows == 0
    finally:
        progress.close()
