"""Unbound extensions, bound to an app in create_app (cookiecutter-flask style)."""

from flask_babel import Babel
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

from .storage.database import Database

db = Database()
# Submissions and moderation: bound in protection.setup.init_app (the rate limiter lives there too).
csrf = CSRFProtect()
login_manager = LoginManager()
# Languages: bound in cameramap.web.i18n.init_app.
babel = Babel()
