"""The sheet grid: its paged model, the view with its editors, clipboard, find and replace, undo list."""
