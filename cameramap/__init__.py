"""cameramap: a transparency map of surveillance cameras. create_app() builds the Flask app."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask

# Flask, the settings and the extensions load with create_app, not with the package: a script that
# only needs the domain (bench/bare_app.py, the floor it measures) stays bare.
PACKAGE = Path(__file__).parent


def _template_folder() -> str:
    """Installed wheels carry templates inside the package; a checkout keeps them at the top."""
    inside = PACKAGE / "templates"
    return str(inside if inside.is_dir() else PACKAGE.parent / "templates")


def _mark_read_only_requests(app: Flask) -> None:
    """GET/HEAD/OPTIONS requests read; everything else may write (SQLite then locks up front)."""
    from flask import request

    from .storage.database import read_only_intent

    @app.before_request
    def _intent() -> None:
        read_only_intent.set(request.method in ("GET", "HEAD", "OPTIONS"))

    @app.teardown_request
    def _reset(_exc: BaseException | None) -> None:
        read_only_intent.set(False)


def create_app(overrides: dict[str, Any] | None = None) -> Flask:
    """The app; settings come from CAMERAMAP_* variables, then `overrides` (tests).

    A bad setting raises config.SettingsError naming the variable, before anything starts.
    """
    from . import config as settings
    from .extensions import SETTINGS, db, engine
    from .protection.lean import LeanFlask

    app = LeanFlask(__name__, template_folder=_template_folder(), static_folder="static")
    typed, flask_keys = settings.load(app.instance_path, overrides)
    app.extensions[SETTINGS] = typed
    from .storage.files import keep_private

    folders = [app.instance_path, flask_keys.get("INSTANCE_DIR"), typed.media_dir, typed.export_dir]
    keep_private(typed.database_url, folders=[folder for folder in folders if folder])
    # Flask's own keys; DATABASE_URL for storage.database (its init_app reads app.config).
    app.config.update(SECRET_KEY=typed.secret_key, JSON_SORT_KEYS=False, DATABASE_URL=typed.database_url)
    app.config.update(flask_keys)
    db.init_app(app)
    from . import request_transaction as transaction

    transaction.init_app(app)  # first: its commit runs after every other after-request function
    _mark_read_only_requests(app)
    if typed.auto_migrate:
        from .storage.database import upgrade

        upgrade(engine())
    from . import api, web
    from .errors import init_app as init_errors
    from .protection.setup import init_app as init_protection
    from .web.i18n import init_app as init_i18n
    from .web.security import init_app as init_security

    init_i18n(app)
    init_protection(app)
    api.init_app(app)
    web.init_app(app)
    init_errors(app)
    init_security(app)
    app.seal()  # everything is registered: hooks and views are asked once whether they are coroutines
    if typed.load_demo:
        _load_demo(app)
    return app


def _load_demo(app: Flask) -> None:
    """The demo in an empty registry (one unit of work), then its downloads built in the background."""
    from .api.exportjobs import build_missing
    from .extensions import db
    from .services.demo import load_demo
    from .storage.transaction import unit_of_work

    with app.app_context():
        with unit_of_work(db.session()) as session:
            load_demo(session)
        build_missing(app)
