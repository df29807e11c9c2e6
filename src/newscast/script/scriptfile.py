"""scriptfile: the editable script — ``newscast script INPUT -o x.script.json``
writes it, a producer edits it (speakers, roles, voices, text, spoken text,
deleted segments), and ``newscast render x.script.json`` renders exactly that.

The file is the ``script --json`` document. On reading, a segment whose
``spoken`` is missing or empty is normalized from its ``text``, and so is one whose
``text`` was edited since its ``spoken`` was made (``spoken_from`` records both); a
``spoken`` edited by hand is kept as written (``spoken_by_hand``), whatever the text; one
whose ``voice`` is missing is cast by its role; everything else is taken as written.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..core.errors import IngestError
from ..core.models import KINDS, NARRATOR, ROLES, ArticleMeta, Script, Segment, spoken_from

SUFFIX = ".script.json"


def is_script_file(source: str) -> bool:
    """Whether ``source`` names a script file rather than an article.

    >>> is_script_file("episode.script.json"), is_script_file("article.txt"), is_script_file("-")
    (True, False, False)
    """
    return source.endswith(SUFFIX) or (source.endswith(".json") and _looks_like_script(Path(source)))


def _looks_like_script(path: Path) -> bool:
    try:
        if not path.is_file():  # a FIFO named x.json is never opened (that waits for a writer)
            return False
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError:
        return False
    return b'"segments"' in head or b'"title"' in head


def dump(script: Script) -> bytes:
    return (json.dumps(script.to_json(), indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _field(where: str, seg: dict[str, Any], name: str, allowed: tuple[str, ...] | None = None, default: Any = None) -> Any:
    value = seg.get(name, default)
    if value is None:
        return default
    if not isinstance(value, str):
        raise IngestError(f"{where}: '{name}' must be a string, got {value!r}")
    if allowed is not None and value not in allowed:
        raise IngestError(f"{where}: '{name}' is '{value}'; use one of {', '.join(allowed)}")
    return value


def _edited(text: str, spoken: str, made_from: str, by_hand: bool) -> tuple[str, bool]:
    """(the spoken text to use, whether it was edited by hand) for a segment as the file has it:
    ``spoken`` edited by hand stays (and stays so); a ``text`` edited since ``spoken`` was made
    empties ``spoken``, to be normalized again.

    >>> made = spoken_from("It cost £5.", "It cost five pounds.")
    >>> _edited("It cost £6.", "It cost five pounds.", made, False), _edited("It cost £5.", "It cost 5 quid.", made, False)
    (('', False), ('It cost 5 quid.', True))
    >>> _edited("It cost £6.", "It cost six quid.", made, False), _edited("Hand-written.", "", "", False)
    (('It cost six quid.', True), ('', False))
    """
    if not spoken or not made_from:
        return spoken, by_hand and bool(spoken)
    text_hash, _, spoken_hash = made_from.partition(":")
    now_text, _, now_spoken = spoken_from(text, spoken).partition(":")
    if now_spoken != spoken_hash or by_hand:
        return spoken, True
    return (spoken, False) if now_text == text_hash else ("", False)


def load(path: str) -> Script:
    """Read a script file; errors name the file, the segment and the fix."""
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise IngestError(f"{path}: no such file; check the path") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise IngestError(f"{path}: cannot read the script ({exc}); check the file") from None
    except json.JSONDecodeError as exc:
        raise IngestError(f"{path}: not valid JSON (line {exc.lineno}: {exc.msg}); fix the edit or write the script again with `newscast script INPUT -o {path}`") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("segments"), list):
        raise IngestError(f"{path}: not a newscast script (no 'segments' list); write one with `newscast script INPUT -o {path}`")
    segments: list[Segment] = []
    for n, seg in enumerate(doc["segments"]):
        where = f"{path}: segment {n}"
        if not isinstance(seg, dict):
            raise IngestError(f"{where}: must be an object")
        text = _field(where, seg, "text", default="")
        spoken = _field(where, seg, "spoken", default="")
        if not (text.strip() or spoken.strip()):
            raise IngestError(f"{where}: has no text; delete the segment or give it text")
        spoken, by_hand = _edited(text, spoken, _field(where, seg, "spoken_from", default=""), seg.get("spoken_by_hand") is True)
        segments.append(Segment(
            kind=_field(where, seg, "kind", KINDS, "paragraph"),
            text=text,
            section=_field(where, seg, "section"),
            speaker=_field(where, seg, "speaker", default=NARRATOR),
            role=_field(where, seg, "role", ROLES, "narrator"),
            label=_field(where, seg, "label"),
            spoken=spoken.strip(),
            spoken_by_hand=by_hand,
            voice=_field(where, seg, "voice", default=""),
        ))
    if not segments:
        raise IngestError(f"{path}: the script has no segments; nothing to render")
    title = doc["title"] if isinstance(doc.get("title"), str) else segments[0].text
    speakers = doc.get("speakers") or {}
    if not isinstance(speakers, dict) or not all(isinstance(v, str) and v in ROLES for v in speakers.values()):
        raise IngestError(f"{path}: 'speakers' must map names to one of {', '.join(ROLES)}")
    removed = doc.get("removed") or []
    source = doc["source"] if isinstance(doc.get("source"), str) else path
    meta = doc["meta"] if isinstance(doc.get("meta"), dict) else {}
    given = doc.get("removed_by")
    rules: list[Any] = given if isinstance(given, list) else []
    return Script(title=title, source=source, segments=tuple(segments), speakers=tuple(speakers.items()),
                  removed=tuple(str(r) for r in removed), removed_by=tuple((str(r), str(w)) for r, w in zip(removed, rules)),
                  meta=ArticleMeta.from_json(meta))
