"""Moderation: accounts, the queue and its decisions, public moderation figures."""
