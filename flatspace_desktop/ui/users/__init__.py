"""Users of a Space: guests, their links and the access log."""
