"""Entry point of the frozen program (PyInstaller). freeze_support lets the import's reader
process start from the bundled executable."""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()
    from flatspace_desktop.__main__ import main

    sys.exit(main())
