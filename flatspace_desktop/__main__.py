"""`flatspace` and `python -m flatspace_desktop`: with a command, the command line; with none,
the window. Qt is imported only for the window, so commands start fast and run headless."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    from .cli.main import build_parser, main as cli_main

    parser = build_parser()
    commands = set(parser._subparsers._group_actions[0].choices)  # noqa: SLF001 (argparse keeps them there)
    # What the operating system hands over ("open with", a clicked link) comes as bare
    # arguments: files that exist, or flatspace:// links. They open in the window.
    bare = [a for a in argv if not a.startswith("-") and a not in commands]
    first_command = next((a for a in argv if a in commands), None)
    handed = [a for a in bare if a.startswith("flatspace://") or os.path.isfile(a)]
    if first_command is None and handed:
        options = [a for a in argv if a not in handed]
        args, _ = parser.parse_known_args(options)
        from .ui.app import run_app

        links = [a for a in handed if a.startswith("flatspace://")]
        files = [a for a in handed if not a.startswith("flatspace://")]
        return run_app(args.data_dir, link=links[-1] if links else None, paths=files)
    args, _ = parser.parse_known_args(argv)
    if args.command == "open" and not args.check and not args.json:
        from .ui.app import run_app

        return run_app(args.data_dir, link=args.target)
    if args.command is None and not {"-h", "--help", "--version"} & set(argv):
        from .ui.app import run_app

        return run_app(args.data_dir)
    return cli_main(argv)


if __name__ == "__main__":
    sys.exit(main())
