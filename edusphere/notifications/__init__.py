"""Course notifications: announcements emailed to enrolled learners, batched, with one-click unsubscribe."""
