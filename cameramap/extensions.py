"""Unbound extensions, bound to an app in create_app (cookiecutter-flask style)."""

from __future__ import annotations

from flask import Flask, current_app
from flask_babel import Babel
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import Engine

from .config import Settings
from .storage.database import Database

SETTINGS = "cameramap.settings"  # app.extensions key of the app's typed, frozen Settings (create_app)


db = Database()
# Submissions and moderation: bound in protection.setup.init_app (the rate limiter lives there too).
csrf = CSRFProtect()
login_manager = LoginManager()
# Languages: bound in cameramap.web.i18n.init_app.
babel = Babel()


def settings(app: Flask | None = None) -> Settings:
    """The typed settings of `app` (default: the current app), parsed once by create_app."""
    found: Settings = (app or current_app).extensions[SETTINGS]
    return found


def engine() -> Engine:
    """The database engine that create_app bound `db` to."""
    if db.engine is None:
        raise RuntimeError("the database is not bound: create the app first")
    return db.engine
