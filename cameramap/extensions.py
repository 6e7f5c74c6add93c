"""Unbound extensions, bound to an app in create_app (cookiecutter-flask style)."""

from .storage.database import Database

db = Database()
