"""newscast: turn news articles into produced podcast episodes, offline.

The library's public API (the CLI is a thin layer over it)::

    from newscast import render, script_for, load_voices, load_show, NewscastError

    result = render(["article.txt"], Path("output"))      # episodes, failures, the feed
    script = script_for("article.txt", load_voices(None))  # what would be read, by whom

Names load on first use, so ``import newscast`` stays cheap for the command line.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

#: Public name -> the module that defines it.
_WHERE = {
    "render": "pipeline", "render_batch": "pipeline", "preview": "pipeline", "RenderResult": "pipeline",
    "script_for": "stages", "build_script": "stages",
    "load_voices": "config", "load_show": "config",
    "Script": "models", "Segment": "models", "Episode": "models", "Article": "models",
    "NewscastError": "errors", "ConfigError": "errors", "IngestError": "errors", "FetchError": "errors",
    "SynthesisError": "errors", "EncodeError": "errors", "PublishError": "errors",
}

__all__ = ["__version__", *_WHERE]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'newscast' has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
