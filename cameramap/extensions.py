"""Unbound extensions, bound to an app in create_app (cookiecutter-flask style)."""

from flask_babel import Babel
from flask_limiter import Limiter
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

from .storage.database import Database


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
