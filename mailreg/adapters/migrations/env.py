"""Alembic environment: the schema is mailreg.adapters.tables' SQLModel metadata.

mailreg runs the migrations itself at start (mailreg.adapters.db.make_engine), handing over its
own connection, so there is no alembic.ini to keep in step with config.toml.
"""

from alembic import context
from sqlmodel import SQLModel

import mailreg.adapters.tables  # noqa: F401 - registers the tables on SQLModel.metadata

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through mailreg.adapters.db.make_engine()")
context.configure(connection=connection, target_metadata=SQLModel.metadata,
                  render_as_batch=True)  # batch mode: SQLite cannot ALTER most columns
with context.begin_transaction():
    context.run_migrations()
