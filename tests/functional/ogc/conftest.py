"""A live waitress server over its own committed database with the demo data, for GDAL's ogrinfo."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import Engine

from tests.databases import fresh_database


@dataclass
class OgcServer:
    url: str
    app: Any
    engine: Engine


@pytest.fixture(scope="module")
def ogc_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OgcServer]:
    import waitress

    from cameramap import create_app
    from cameramap.extensions import db

    workdir = tmp_path_factory.mktemp("ogc_live")
    with fresh_database(workdir, "ogc_live") as url:
        app = create_app({"DATABASE_URL": url, "AUTO_MIGRATE": True, "LOAD_DEMO": True, "TESTING": True,
                          "SECRET_KEY": "ogc-test", "INSTANCE_DIR": str(workdir)})
        engine = db.engine

        @app.before_request
        def keep_live_database() -> None:  # the `db` handle is shared by every app of the process
            if db.session.session_factory.kw.get("bind") is not engine:
                db.session.remove()
                db.session.configure(bind=engine, expire_on_commit=False)

        server = waitress.create_server(app, host="127.0.0.1", port=0, threads=4, ident="cameramap-ogc")
        thread = threading.Thread(target=server.run, name="ogc-live", daemon=True)
        thread.start()
        try:
            yield OgcServer(f"http://127.0.0.1:{server.effective_port}", app, engine)
        finally:
            server.close()
            thread.join(timeout=5)
            db.session.remove()
            engine.dispose()
