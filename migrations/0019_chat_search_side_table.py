"""Message search off the write-behind's path (`edusphere.chat.searchindex`).

0018's STORED generated column made every write-behind upsert of chat_messages compute
`to_tsvector` (a post's ~20 µs of its ~55 µs, and again for every reaction, pin or reply count
that rewrote the row), and a search read its matches from the wide chat_messages heap. Now:

- `chat_search`: one narrow row per message not deleted (message_id, room_id, created_at, seq,
  vector), written only by the SearchIndexer workers. Indexes: GIN (room_id, vector)
  (`btree_gin`, as 0018: a rare word costs its matches in the viewer's rooms) and a btree
  (room_id, created_at, message_id) for the per-room newest-first scan of a common word (and
  the rooms' bitmap beside the GIN index's postings of a rare word: search looks up only the
  query's rare words in the GIN index, never a common word's every posting). No thread
  columns: a hit's root seq is read for the page's rows only.
- `chat_search_queue`: the ids whose body changed (a post, an edit, a delete), inserted by the
  write-behind in the batch's transaction. A queue table rather than a `search_pending` flag on
  chat_messages: clearing a flag would rewrite the wide row and every one of its indexes (the
  flag is in the partial index's predicate, so no HOT update), the churn this table avoids.
- The generated column and its index are dropped (a catalog change, no table rewrite), and
  chat_search is backfilled from chat_messages in this migration.
"""

from tortoise import migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("edusphere", "0018_chat_search")]

    initial = False

    operations = [
        ops.RunSQL(
            """
            CREATE EXTENSION IF NOT EXISTS btree_gin;
            CREATE TABLE chat_search (
                message_id uuid PRIMARY KEY,
                room_id uuid NOT NULL,
                created_at timestamptz NOT NULL,
                seq bigint NOT NULL,
                vector tsvector NOT NULL
            );
            CREATE TABLE chat_search_queue (
                message_id uuid PRIMARY KEY,
                queued_at timestamptz NOT NULL DEFAULT now()
            );
            INSERT INTO chat_search (message_id, room_id, created_at, seq, vector)
                SELECT id, room_id, created_at, seq, to_tsvector('english', body)
                FROM chat_messages WHERE NOT deleted;
            CREATE INDEX chat_search_vector ON chat_search USING GIN (room_id, vector);
            CREATE INDEX chat_search_newest ON chat_search (room_id, created_at, message_id);
            DROP INDEX IF EXISTS chat_messages_search;
            ALTER TABLE chat_messages DROP COLUMN IF EXISTS search_vector;
            """,
            reverse_sql="""
            ALTER TABLE chat_messages ADD COLUMN search_vector tsvector
                GENERATED ALWAYS AS (to_tsvector('english', body)) STORED;
            CREATE INDEX chat_messages_search ON chat_messages USING GIN (room_id, search_vector) WHERE NOT deleted;
            DROP TABLE IF EXISTS chat_search_queue;
            DROP TABLE IF EXISTS chat_search;
            """,
        ),
    ]
