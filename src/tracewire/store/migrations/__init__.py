"""Alembic migrations of the store's database (every table: lists, workflow, service).

They ship inside the package and run programmatically (:mod:`tracewire.store.migrate`):
a user never needs an ``alembic.ini``. To add one, write a new file in ``versions/`` whose
``down_revision`` is the current head, and change the tables' metadata to match; the test
``tests/store/test_migrations.py`` checks that the migrated schema equals the metadata.
"""
