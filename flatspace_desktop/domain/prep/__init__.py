"""Data preparation, apart from storage and the window: column profiles, clusters of
near-identical values, transforms with their preview, deduplication and recipes.

Everything here works on streams (values, (value, count) pairs, (id, key, row) records) so a
storage layer can feed it in batches; nothing imports Qt, peewee or sqlite3.
"""
