"""Accounts, roles, passwords and tokens."""
