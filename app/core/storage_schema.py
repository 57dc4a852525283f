"""The chat database's schema, version by version: :data:`MIGRATIONS`.

The database keeps its version in ``user_version``; :class:`app.core.storage.ChatStore`
runs the scripts a database is missing, each in one transaction.
"""

SCHEMA_VERSION = 8

_SCHEMA_V1 = """
CREATE TABLE conversations (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    model_id TEXT,
    system_prompt TEXT,
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL
);
CREATE TABLE messages (
    id TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    parent_id TEXT,
    seq INTEGER NOT NULL,
    role TEXT NOT NULL,
    content TEXT NOT NULL,
    status TEXT NOT NULL,
    model_id TEXT,
    created_at REAL NOT NULL,
    tokens INTEGER,
    tokens_per_second REAL
);
CREATE INDEX messages_by_conversation ON messages(conversation_id, seq);
CREATE INDEX conversations_by_update ON conversations(updated_at);
"""

_SCHEMA_V2 = """
ALTER TABLE conversations ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0;
CREATE VIRTUAL TABLE message_search USING fts5(
    content, conversation_id UNINDEXED, message_id UNINDEXED, tokenize='unicode61');
CREATE VIRTUAL TABLE title_search USING fts5(
    title, conversation_id UNINDEXED, tokenize='unicode61');
INSERT INTO message_search (content, conversation_id, message_id)
    SELECT content, conversation_id, id FROM messages;
INSERT INTO title_search (title, conversation_id) SELECT title, id FROM conversations;
CREATE TRIGGER message_search_insert AFTER INSERT ON messages BEGIN
    INSERT INTO message_search (content, conversation_id, message_id)
        VALUES (new.content, new.conversation_id, new.id);
END;
CREATE TRIGGER message_search_update AFTER UPDATE OF content ON messages BEGIN
    DELETE FROM message_search WHERE message_id = old.id;
    INSERT INTO message_search (content, conversation_id, message_id)
        VALUES (new.content, new.conversation_id, new.id);
END;
CREATE TRIGGER message_search_delete AFTER DELETE ON messages BEGIN
    DELETE FROM message_search WHERE message_id = old.id;
END;
CREATE TRIGGER title_search_insert AFTER INSERT ON conversations BEGIN
    INSERT INTO title_search (title, conversation_id) VALUES (new.title, new.id);
END;
CREATE TRIGGER title_search_update AFTER UPDATE OF title ON conversations BEGIN
    DELETE FROM title_search WHERE conversation_id = old.id;
    INSERT INTO title_search (title, conversation_id) VALUES (new.title, new.id);
END;
CREATE TRIGGER title_search_delete AFTER DELETE ON conversations BEGIN
    DELETE FROM title_search WHERE conversation_id = old.id;
    DELETE FROM message_search WHERE conversation_id = old.id;
END
"""

_SCHEMA_V3 = """
ALTER TABLE messages ADD COLUMN thinking_seconds REAL
"""

_SCHEMA_V4 = """
ALTER TABLE conversations ADD COLUMN current_leaf TEXT;
UPDATE messages SET parent_id = (
    SELECT p.id FROM messages p WHERE p.conversation_id = messages.conversation_id
    AND p.seq < messages.seq ORDER BY p.seq DESC LIMIT 1)
WHERE parent_id IS NULL
"""

_SCHEMA_V5 = """
ALTER TABLE conversations ADD COLUMN preset TEXT
"""

# Where a chat came from: NULL for the window and the terminal, "api" for the API server.
_SCHEMA_V6 = """
ALTER TABLE conversations ADD COLUMN origin TEXT
"""

# The documents a reply drew on (LocalDocs): a JSON list, NULL for none.
_SCHEMA_V7 = """
ALTER TABLE messages ADD COLUMN sources TEXT
"""

# The LocalDocs collections a chat draws on (a JSON list of names, NULL for none), and the
# files attached to a message (a JSON list of app.core.localdocs.attachments records).
_SCHEMA_V8 = """
ALTER TABLE conversations ADD COLUMN collections TEXT;
ALTER TABLE messages ADD COLUMN attachments TEXT
"""

# MIGRATIONS[n - 1] upgrades a database of version n - 1 to version n.
MIGRATIONS = [_SCHEMA_V1, _SCHEMA_V2, _SCHEMA_V3, _SCHEMA_V4, _SCHEMA_V5, _SCHEMA_V6,
              _SCHEMA_V7, _SCHEMA_V8]
