"""Errors the core raises. Each carries a message meant for the person at the keyboard."""


class FlatspaceError(Exception):
    """Base class: a problem the user can act on (shown as is, never a traceback)."""


class NotFound(FlatspaceError):
    pass


class Ambiguous(FlatspaceError):
    pass


class InvalidInput(FlatspaceError):
    """Input that was refused; nothing was changed."""


class UnsettledReading(InvalidInput):
    """A column's values leave its date order or decimal separator open, and nothing settled it:
    the window asks; the command line names its flag. `setting`: "date_order" or "decimal"."""

    def __init__(self, message: str, setting: str = "", field: str = ""):
        super().__init__(message)
        self.setting = setting
        self.field = field  # the field key of the column, once known


class BlueprintError(InvalidInput):
    """A malformed blueprint. `path` names the place, e.g. sheets[0].fields[1].type."""

    def __init__(self, path: str, problem: str):
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}" if path else problem)


class ExtractError(InvalidInput):
    """A file that cannot be read as data."""


class DatabaseTooNew(FlatspaceError):
    """The Space was written by a newer Flatspace; it is left untouched."""


class DatabaseError(FlatspaceError):
    """A known storage problem: disk full, file locked, not a database."""


class DatabaseBusy(DatabaseError):
    """Another process holds the write lock longer than we wait."""


class DiskFull(DatabaseError):
    pass


class DatabaseReadOnly(DatabaseError):
    pass


class DatabaseCorrupt(DatabaseError):
    pass


class AccessDenied(FlatspaceError):
    pass


class Cancelled(FlatspaceError):
    """Long work stopped at the user's request; nothing was changed."""


class EditConflict(FlatspaceError):
    """Cells someone else changed since the editor read them: nothing was written.
    `cells`: {rid: {key: the value stored now}}."""

    def __init__(self, message: str, cells: dict[int, dict]):
        super().__init__(message)
        self.cells = cells
