"""Documents mounted on the Space."""
