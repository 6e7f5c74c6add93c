"""The HTML edge: public map and camera pages."""

from flask import Flask


def init_app(app: Flask) -> None:
    from .public import bp

    app.register_blueprint(bp)

    from . import compare, operators, stats

    for module in (operators, compare, stats):
        app.register_blueprint(module.bp)

    from . import moderation, submit

    app.register_blueprint(submit.bp)
    app.register_blueprint(moderation.bp)

    from .basemap import bp as basemap_bp

    app.register_blueprint(basemap_bp)

    from .feeds import bp as feeds_bp

    app.register_blueprint(feeds_bp)
