"""Alembic revisions of the consent store schema, run by :mod:`terms.consent.migrate`."""
