"""How far a check or an import has gone, told while it runs.

The rows are checked and saved in one transaction, whose writes nobody sees before it ends;
the count of rows done is written by a second connection of its own, in autocommit, so the
batch's page (refreshing itself) shows it meanwhile. That connection never waits: a batch row
it cannot update at once (locked, or not committed yet, as in a test's transaction) is left
as it is — the count is a courtesy, the batch's status is written by the run itself.
"""

import logging

from django.db import DatabaseError, connections

from programs.models import ImportBatch

logger = logging.getLogger(__name__)


class Progress:
    def __init__(self, batch_id: int):
        self.batch_id = batch_id
        self.connection = None
        self.table = ImportBatch._meta.db_table

    def __call__(self, done: int) -> None:
        try:
            if self.connection is None:
                self.connection = connections.create_connection("default")
                self.connection.set_autocommit(True)
                with self.connection.cursor() as cursor:
                    cursor.execute("SET lock_timeout = '200ms'")
            with self.connection.cursor() as cursor:
                cursor.execute(f"UPDATE {self.table} SET done_rows = %s WHERE id = %s", [done, self.batch_id])
        except DatabaseError as error:
            logger.info("The progress of import %s was not written: %s", self.batch_id, error)

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None
