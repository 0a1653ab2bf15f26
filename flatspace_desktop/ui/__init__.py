"""The PySide6 window: thin widgets and models over the core's service layer."""
