"""`flatspace` and `python -m flatspace_desktop`: with a command, the command line; with none,
the window. Qt is imported only for the window, so commands start fast and run headless."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    from .cli.main import build_parser, main as cli_main

    args, _ = build_parser().parse_known_args(argv)
    if args.command is None and not {"-h", "--help", "--version"} & set(argv):
        from .ui.app import run_app

        return run_app(args.data_dir)
    return cli_main(argv)


if __name__ == "__main__":
    sys.exit(main())
