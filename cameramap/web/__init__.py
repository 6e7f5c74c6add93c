"""The HTML edge: public map and camera pages."""

from flask import Flask


def init_app(app: Flask) -> None:
    from .public import bp

    app.register_blueprint(bp)
