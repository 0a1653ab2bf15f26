"""`flatspace` and `python -m flatspace_desktop`: with a command, the command line; with none,
the window. Qt is imported only for the window, so commands start fast and run headless."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    from .cli.main import build_parser, main as cli_main

    # A bare flatspace:// link (as the operating system hands it over) opens it in the window.
    if argv and argv[-1].startswith("flatspace://"):
        argv = argv[:-1] + ["open", argv[-1]]
    args, _ = build_parser().parse_known_args(argv)
    if args.command == "open" and not args.check and not args.json:
        from .ui.app import run_app

        return run_app(args.data_dir, link=args.link)
    if args.command is None and not {"-h", "--help", "--version"} & set(argv):
        from .ui.app import run_app

        return run_app(args.data_dir, link=args.link)
    return cli_main(argv)


if __name__ == "__main__":
    sys.exit(main())
