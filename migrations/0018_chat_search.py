"""Message search (`edusphere.chat.search`): PostgreSQL full-text search over chat messages.

- chat_messages gains `search_vector`, a STORED generated tsvector of the body with the
  catalog's text search configuration ('english', see `courses.catalog.TS_CONFIG`). Generated,
  so the write-behind's upserts need no change: an edit (the row's body replaced) is re-indexed
  by PostgreSQL in the same statement, and a delete (body emptied, `deleted` set) leaves an
  empty vector that matches nothing.
- `chat_messages_search` (RunSQL, a partial GIN index as 0016's partial indexes) on
  (room_id, search_vector) of the messages not deleted, with `btree_gin` (a trusted contrib
  extension: a database owner may create it) for the room. A search is always within rooms the
  viewer reads, and one index over both lets GIN intersect them as it scans: a word in most
  messages costs what its matches in those rooms cost, not its matches in the whole table (with
  a vector-only index, PostgreSQL read every posting of a common word, then dropped the other
  rooms'). `fastupdate` is on (the default), so a write-behind batch appends to the index's
  pending list instead of updating posting trees row by row.

Adding a STORED column rewrites the table once (a few seconds at a million messages).
"""

from tortoise import migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("edusphere", "0017_mention_emails")]

    initial = False

    operations = [
        ops.RunSQL(
            """
            CREATE EXTENSION IF NOT EXISTS btree_gin;
            ALTER TABLE chat_messages ADD COLUMN search_vector tsvector
                GENERATED ALWAYS AS (to_tsvector('english', body)) STORED;
            CREATE INDEX chat_messages_search ON chat_messages USING GIN (room_id, search_vector) WHERE NOT deleted;
            """,
            reverse_sql="""
            DROP INDEX IF EXISTS chat_messages_search;
            ALTER TABLE chat_messages DROP COLUMN IF EXISTS search_vector;
            """,
        ),
    ]
