"""The database cache with an atomic increment, for counters shared by every server process.

Django's DatabaseCache increments by reading and writing again, so two processes counting at the
same moment can lose a count, and its `set` gives the key the default timeout again, so an hour's
counter would start over after five quiet minutes. Here the row is touched first, which takes its
write lock until the transaction ends (a row lock on PostgreSQL, the database's write lock on
SQLite); then the value is read and written back without changing its expiry.
"""

import base64
import pickle

from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction


class AtomicDatabaseCache(DatabaseCache):
    def incr(self, key, delta=1, version=None):
        raw_key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        table = connection.ops.quote_name(self._table)
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(f"UPDATE {table} SET expires = expires WHERE cache_key = %s", [raw_key])
            if not cursor.rowcount:
                raise ValueError(f"Key '{key}' not found")
            value = self.get(key, self._missing_key, version=version)
            if value is self._missing_key:
                raise ValueError(f"Key '{key}' not found")
            new_value = value + delta
            encoded = base64.b64encode(pickle.dumps(new_value, self.pickle_protocol)).decode("latin1")
            cursor.execute(f"UPDATE {table} SET value = %s WHERE cache_key = %s", [encoded, raw_key])
        return new_value
