"""The audit log: an append-only row for every administrator action.

Domains write it (`edusphere.audit.log.record`) inside the transaction that makes the change,
so a change and its entry commit or vanish together; admins read it (`auditLog`). No API edits
or deletes an entry, and PostgreSQL refuses UPDATE and DELETE on the table (a trigger).
"""
