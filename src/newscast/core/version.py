"""The version of newscast (one place: the package, the User-Agent, the feed generator and cache keys read it)."""

__version__ = "0.1.0"
