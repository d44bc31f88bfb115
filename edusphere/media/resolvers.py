"""GraphQL resolvers for media (covers, avatars, lesson assets)."""
