"""An open Space: its pane, the sidebar tree, section views, metadata, and the Space dialogs."""
