"""The admin: the dashboard's figures, gathered from every domain.

Each domain keeps its own admin actions (users in `auth.admin`, courses and reviews in
`courses.admin`, orders in `payments.admin`, reports and mutes in `chat.moderation`), each
audited through `edusphere.audit`; this package only reads across them. The admin pages are
part of the SPA, on the same GraphQL API, so scripts can do everything the pages do.
"""
