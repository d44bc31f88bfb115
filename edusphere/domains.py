"""The domain packages that make up EduSphere; a new domain is one more line here.

Each domain package may hold `models.py` (Tortoise models), `schema.graphql` (its part of the
SDL) and `resolvers.py` (registered with `edusphere.core.graphql.resolver`).
"""

DOMAINS: tuple[str, ...] = ("edusphere.auth", "edusphere.courses", "edusphere.chat", "edusphere.payments")
