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

from .core.version import __version__

#: Public name -> the module that defines it.
_WHERE = {
    "render": "render.pipeline", "render_batch": "render.pipeline", "preview": "render.preview",
    "RenderResult": "render.pipeline", "RenderOptions": "render.pipeline",
    "script_for": "render.script", "build_script": "render.script",
    "load_voices": "settings.voices", "load_show": "settings.show",
    "Script": "core.models", "Segment": "core.models", "Episode": "core.models", "Article": "core.models",
    "NewscastError": "core.errors", "ConfigError": "core.errors", "IngestError": "core.errors",
    "FetchError": "core.errors", "SynthesisError": "core.errors", "EncodeError": "core.errors",
    "PublishError": "core.errors",
}

__all__ = ["__version__", *_WHERE]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'newscast' has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
