"""The Space's theme: the editor panel and applying a theme to the window."""
