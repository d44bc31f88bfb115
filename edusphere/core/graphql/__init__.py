"""GraphQL for the domains: register resolvers here; nothing outside `engine` sees Tartiflette.

Public surface: `resolver`, `subscription`, `RequestContext`, and `GraphQLEngine` for transports.
"""

from edusphere.core.graphql.context import RequestContext
from edusphere.core.graphql.registry import resolver, stream, subscription

__all__ = ["RequestContext", "resolver", "stream", "subscription"]
