"""The domain: what fields and their values are, apart from storage, the window and the command line.

Nothing here imports Qt, peewee or sqlite3 (pyproject's import-linter contracts).
"""
