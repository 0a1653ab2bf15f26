"""A usage error found after parsing (a choice of options argparse cannot express): exit 2."""

from ..domain.errors import InvalidInput


class UsageError(InvalidInput):
    pass
