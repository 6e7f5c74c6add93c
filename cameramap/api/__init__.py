"""The JSON edge: GeoJSON API v1 (logic in plain functions, routes in `routes`)."""

from flask import Flask


def init_app(app: Flask) -> None:
    from .routes import bp

    app.register_blueprint(bp)

    from .submissions import bp as submissions_bp

    app.register_blueprint(submissions_bp)
