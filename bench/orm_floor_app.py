"""The stack's memory floor: bench/bare_app.py's view served through Flask + SQLAlchemy (engine, ORM session).

    CAMERAMAP_DATABASE_URL=sqlite:///x.sqlite3 gunicorn -w 2 --threads 4 orm_floor_app:app   (from bench/)

Same answers as the bare app; each request checks a connection out of a SQLAlchemy session and runs
the bare app's SQL on it. bench/footprint.py prints its PSS beside ours: what Flask + SQLAlchemy cost.
"""

import bare_app
from flask import g
from sqlalchemy import create_engine
from sqlalchemy.orm import scoped_session, sessionmaker

engine = create_engine(bare_app.URL.replace("postgresql://", "postgresql+psycopg://", 1))
Session = scoped_session(sessionmaker(engine))
app = bare_app.app


def _db():
    """The DB-API connection under this request's session (bare_app.view calls db().cursor())."""
    if "dbapi" not in g:
        g.dbapi = Session().connection().connection.driver_connection
    return g.dbapi


@app.teardown_request
def _end(_exc: BaseException | None) -> None:
    Session.remove()


bare_app.db = _db
