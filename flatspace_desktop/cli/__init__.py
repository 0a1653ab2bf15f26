"""The `flatspace` command line: the same service layer as the window, without Qt."""
