"""Unbound extensions, bound to an app in create_app (cookiecutter-flask style)."""

from __future__ import annotations

from flask import Flask, current_app
from flask_babel import Babel
from flask_limiter import Limiter
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

from .config import Settings
from .storage.database import Database

SETTINGS = "cameramap.settings"  # app.extensions key of the app's typed, frozen Settings (create_app)


def _client_key() -> str:
    from .web.clientkey import client_key

    return client_key()


db = Database()
# Submissions and moderation: bound in web.clientkey.init_app.
csrf = CSRFProtect()
limiter = Limiter(key_func=_client_key, key_prefix="cameramap")
login_manager = LoginManager()
# Languages: bound in cameramap.web.i18n.init_app.
babel = Babel()


def settings(app: Flask | None = None) -> Settings:
    """The typed settings of `app` (default: the current app), parsed once by create_app."""
    found: Settings = (app or current_app).extensions[SETTINGS]
    return found
