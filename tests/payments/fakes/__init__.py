"""Local stand-ins for the payment providers (they cannot be reached from the test machines)."""
