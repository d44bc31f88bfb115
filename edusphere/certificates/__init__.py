"""Course completion and its certificates: issued once when a learner completes every lesson of
a course, verifiable by anyone at `/certificates/<id>`, revoked while the enrollment is."""
