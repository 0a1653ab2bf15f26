"""The Space's Files: the list, preview and the actions on a stored file."""
