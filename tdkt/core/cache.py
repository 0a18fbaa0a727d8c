"""Django's database cache with an atomic `incr`.

The stock DatabaseCache increments with a get and then a set: two workers counting the same
attempt at once both read n and both write n + 1, so a rate limit lets through one extra
attempt per concurrent worker. Here the row is locked first (SELECT … FOR UPDATE on
PostgreSQL; on SQLite the transaction itself takes the write lock, settings use IMMEDIATE).
"""

from django.core.cache.backends import db
from django.db import connections, router, transaction


class DatabaseCache(db.DatabaseCache):
    def incr(self, key, delta=1, version=None):
        alias = router.db_for_write(self.cache_model_class)
        connection = connections[alias]
        with transaction.atomic(using=alias):
            if connection.features.has_select_for_update:
                table = connection.ops.quote_name(self._table)
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"SELECT cache_key FROM {table} WHERE cache_key = %s FOR UPDATE",
                        [self.make_and_validate_key(key, version)],
                    )
            return super().incr(key, delta, version)
