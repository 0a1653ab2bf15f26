"""Importing a file into a sheet: the mapping dialog and the flow that runs it."""
