"""The HTML edge: public map and camera pages."""

from flask import Flask


def init_app(app: Flask) -> None:
    from ..extensions import settings
    from .public import bp

    app.context_processor(lambda: {"settings": settings()})  # templates read typed settings

    app.register_blueprint(bp)

    from . import compare, downloads, operators, pages, stats

    for module in (operators, compare, stats, pages, downloads):
        app.register_blueprint(module.bp)

    from . import accounts, moderation, sightings, submit

    app.register_blueprint(submit.bp)
    app.register_blueprint(sightings.bp)
    app.register_blueprint(moderation.bp)
    app.register_blueprint(accounts.bp)

    from .basemap import bp as basemap_bp

    app.register_blueprint(basemap_bp)
