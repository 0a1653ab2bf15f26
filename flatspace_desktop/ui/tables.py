"""Shared set-up for the small read-only lists (Spaces, files): whole rows, one at a time."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView


def as_row_list(table, stretch_column: int = 0) -> None:
    table.setSelectionBehavior(QAbstractItemView.SelectRows)
    table.setSelectionMode(QAbstractItemView.SingleSelection)
    table.setEditTriggers(QAbstractItemView.NoEditTriggers)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeToContents)
    header.setSectionResizeMode(stretch_column, QHeaderView.Stretch)
