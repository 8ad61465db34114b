"""The four locality plugins shipped with juwei; each is an entry point of ``juwei.plugins``."""
