"""The demo, tested in a real browser."""
