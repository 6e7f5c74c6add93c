"""Persistence: SQLAlchemy models, the database handle, the per-backend spatial adapter."""
