"""Alembic environment: runs on the connection cordon hands it (see cordon.store.engine)."""

from alembic import context
from sqlalchemy import create_engine

from cordon.store.tables import metadata

config = context.config


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        # Run from the alembic CLI: `alembic -x url=... upgrade head`.
        engine = create_engine(context.get_x_argument(as_dictionary=True)["url"])
        with engine.begin() as connection:
            _configure_and_run(connection)
    else:
        _configure_and_run(connection)


def _configure_and_run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


run()
