"""Reading TOML settings files: syntax errors and unknown or mistyped fields named with the file."""

from __future__ import annotations

import sys
from dataclasses import fields
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

from ..core.errors import ConfigError
from ..core.words import nearest


def read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc}); fix the syntax") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror})") from None


def typed_fields(path: Path, cls: type, data: dict[str, Any], skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """Check ``data`` against the fields of dataclass ``cls``; return kwargs."""
    allowed = {f.name: f for f in fields(cls) if f.name not in skip}
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key not in allowed:
            raise ConfigError(f"{path}: unknown field '{key}'{nearest(key, sorted(allowed))} "
                              f"(allowed: {', '.join(sorted(allowed))})")
        if isinstance(value, float) and not -1e6 < value < 1e6:
            raise ConfigError(f"{path}: field '{key}' = {value!r} is out of range")
        want = allowed[key].type
        ok = {
            "str": isinstance(value, str),
            "int": isinstance(value, int) and not isinstance(value, bool),
            "float": isinstance(value, (int, float)) and not isinstance(value, bool),
            "bool": isinstance(value, bool),
        }.get(str(want), True)
        if not ok:
            raise ConfigError(f"{path}: field '{key}' must be a {want}, got {value!r}")
        out[key] = value
    return out
