"""`cameramap serve`: the app under waitress, a production WSGI server."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from ..extensions import db
from ..services.demo import load_demo


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--threads", default=8, show_default=True, type=int)
@click.option("--demo", is_flag=True, help="Load the Helsinki demo data if the registry is empty.")
@with_appcontext
def serve_command(host: str, port: int, threads: int, demo: bool) -> None:
    """Serve the map and the API."""
    import waitress

    if demo:
        summary = load_demo(db.session())
        if summary is not None:
            click.echo(f"loaded {summary.created} demo cameras (OpenStreetMap, ODbL)")
    db.session.remove()
    click.echo(f"database: {db.engine.url.render_as_string()}")
    click.echo(f"serving on http://{host}:{port}/")
    waitress.serve(current_app._get_current_object(), host=host, port=port, threads=threads,
                   ident="cameramap")


def register(group: click.Group) -> None:
    group.add_command(serve_command)
