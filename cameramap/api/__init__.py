"""The machine-readable edge: GeoJSON API v1, OGC API, exports, Atom feeds (logic in plain functions)."""

from flask import Flask


def init_app(app: Flask) -> None:
    from .routes import bp

    app.register_blueprint(bp)

    from .exports import bp as exports_bp

    app.register_blueprint(exports_bp)

    from .ogc.routes import bp as ogc_bp

    app.register_blueprint(ogc_bp)

    from .cors import init_app as init_cors

    init_cors(app)

    from .submissions import bp as submissions_bp

    app.register_blueprint(submissions_bp)

    from .geocode import bp as geocode_bp

    app.register_blueprint(geocode_bp)

    from .streets import bp as streets_bp

    app.register_blueprint(streets_bp)

    from .stats import bp as stats_bp

    app.register_blueprint(stats_bp)

    from .exposure import bp as exposure_bp

    app.register_blueprint(exposure_bp)
    from .deployment_routes import bp as deployments_bp
    from .feeds import bp as feeds_bp

    app.register_blueprint(deployments_bp)
    from .deployment_feeds import bp as deployment_feeds_bp

    app.register_blueprint(deployment_feeds_bp)

    app.register_blueprint(feeds_bp)
