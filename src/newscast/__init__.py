"""newscast: turn news articles into produced podcast episodes, offline."""

__version__ = "0.1.0"
