"""Alembic environment: runs on the connection handed over by storage.database.upgrade."""

from alembic import context

from cameramap.storage.schema import include_object, metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata(),
    include_object=include_object(connection.dialect.name),
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
