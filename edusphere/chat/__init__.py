"""Course chat: rooms, messages, presence and typing, live over Redis, durable in PostgreSQL."""
