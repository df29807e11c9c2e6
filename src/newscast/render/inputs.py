"""inputs: which articles a run renders — folders searched, globs, ``@list`` files and ``-``
expanded in order, each input once — the stable split of them into CI shards, and what kind of
input each one is (:class:`Source`, decided once here and carried through the render).
(The worker processes are in :mod:`newscast.core.pool`, progress in :mod:`newscast.render.progress`.)
"""

from __future__ import annotations

import glob
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Literal

from ..core.errors import IngestError
from ..script.scriptfile import is_script_file
from ..sources.fetch import is_url

#: What an input is: standard input, a web page (fetched, or an item of a feed), an edited script
#: file, or an article file.
SourceKind = Literal["stdin", "page", "script file", "file"]


@dataclass(frozen=True)
class Source:
    """One input as the user (or a feed) named it, with its kind decided once."""

    name: str
    """``-``, an http(s) address, or a path as given."""
    kind: SourceKind

    @classmethod
    def of(cls, name: str) -> "Source":
        """
        >>> [Source.of(n).kind for n in ("-", "https://example.org/a", "a.script.json", "a.txt")]
        ['stdin', 'page', 'script file', 'file']
        """
        if name == "-":
            return cls(name, "stdin")
        if is_url(name):
            return cls(name, "page")
        return cls(name, "script file" if is_script_file(name) else "file")

#: Extensions a folder given as input is searched for (recursively).
ARTICLE_EXTENSIONS = (".txt", ".md", ".markdown", ".html", ".htm")


def expand_inputs(args: Iterable[str]) -> list[str]:
    """Files, folders (searched recursively for articles), globs, ``@list`` files (one input per
    line, ``#`` comments) and ``-`` — in the order given, each input once.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> for n in ("b.txt", "a.md", "sub/c.html", "skip.jpg"):
    ...     (d / n).parent.mkdir(exist_ok=True); _ = (d / n).write_text("x")
    >>> _ = (d / "list").write_text("# batch\\n" + str(d / "b.txt") + "\\n")
    >>> [pathlib.Path(p).name for p in expand_inputs([str(d), "@" + str(d / "list"), str(d / "*.md"), "-"])]
    ['a.md', 'b.txt', 'c.html', '-']
    """
    return _expand(args, ())


def _exists(path: str) -> bool:
    try:
        return Path(path).exists()
    except (OSError, ValueError):  # a name too long for the system, or with a NUL: no such file
        return False


def _expand(args: Iterable[str], lists: tuple[Path, ...]) -> list[str]:
    out: list[str] = []
    for arg in args:
        if arg == "-" or is_url(arg):  # stdin, or a web address (fetched by remote)
            out.append(arg)
        elif arg.startswith("@") and not _exists(arg):
            listing = Path(arg[1:])
            try:
                key = listing.resolve()
                lines = listing.read_text(encoding="utf-8").splitlines()
            except (OSError, ValueError) as exc:
                why = getattr(exc, "strerror", None) or str(exc)
                raise IngestError(f"{listing}: cannot read the input list ({why}); pass an existing UTF-8 file after @") from None
            if key in lists:
                raise IngestError(f"{listing}: the input list includes itself (through {' -> '.join(p.name for p in lists)}); "
                                  "remove that line")
            base = listing.parent

            def beside(entry: str) -> str:  # a relative entry is relative to the list's folder, also after @
                if is_url(entry):
                    return entry
                at = "@" if entry.startswith("@") and not _exists(entry) else ""
                name = entry[len(at):]
                return at + str(name if Path(name).is_absolute() else base / name)

            out.extend(_expand((beside(p) for p in (line.strip() for line in lines) if p and not p.startswith("#")),
                               (*lists, key)))
        elif len(os.fsencode(arg)) > 4096 or any(len(os.fsencode(part)) > 255 for part in Path(arg).parts):
            raise IngestError(f"{arg[:60]}…: the name is longer than file names can be; pass an existing file")
        elif Path(arg).is_dir():
            found = sorted(str(p) for p in Path(arg).rglob("*")
                           if p.is_file() and p.name.lower().endswith(ARTICLE_EXTENSIONS + (".script.json",))
                           and not any(part.startswith(".") for part in p.relative_to(arg).parts))
            if not found:
                raise IngestError(f"{arg}: is a folder with no articles ({', '.join(ARTICLE_EXTENSIONS)}) in it; pass files or another folder")
            out.extend(found)
        elif any(c in arg for c in "*?[") and not _exists(arg):
            found = sorted(glob.glob(arg, recursive=True))
            if not found:
                raise IngestError(f"{arg}: the pattern matches no file; check it (quote it so the shell leaves it to newscast)")
            out.extend(found)
        else:
            out.append(arg)
    seen: set[str] = set()
    kept = []
    for p in out:
        if p == "-" or p not in seen:
            kept.append(p)
            seen.add(p)
    return kept


def parse_shard(text: str) -> tuple[int, int]:
    """``K/N`` -> (K, N) with 1 <= K <= N.

    >>> parse_shard("2/3")
    (2, 3)
    """
    try:
        k, n = (int(v) for v in text.split("/"))
    except ValueError:
        k = n = 0
    if not 1 <= k <= n:
        raise IngestError(f"--shard {text!r}: use K/N with 1 <= K <= N, e.g. --shard 1/4")
    return k, n


def in_shard(identity: str, shard: tuple[int, int]) -> bool:
    """Whether an input (by its identity) belongs to shard K of N: a stable hash, so every CI job
    of a matrix agrees on the split without talking to the others.

    >>> names = [f"articles/{i}.txt" for i in range(40)]
    >>> parts = [[n for n in names if in_shard(n, (k, 3))] for k in (1, 2, 3)]
    >>> sorted(sum(parts, [])) == sorted(names), all(parts)
    (True, True)
    """
    k, n = shard
    digest = hashlib.sha256(identity.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % n == k - 1
