"""Flatspace Desktop: offline data preparation in Spaces."""

__version__ = "0.1.0"
