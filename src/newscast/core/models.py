"""Typed, frozen dataclasses passed between pipeline stages.

ingest -> Article -> clean -> Article -> segment -> Script -> normalize -> Script
-> cast -> Script -> synthesize -> tuple[Clip] -> master -> Mix -> package -> Episode
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Literal, get_args

#: What a segment is, in the order a reader meets the kinds.
SegmentKind = Literal["intro", "title", "heading", "paragraph", "bullet", "quote", "turn", "transition", "outro"]
#: What a block of an article is, as its page marks it up.
BlockKind = Literal["paragraph", "heading", "bullet", "quote"]
#: Roles a speaker can hold.
Role = Literal["narrator", "interviewer", "expert", "guest"]
KINDS: tuple[SegmentKind, ...] = get_args(SegmentKind)
ROLES: tuple[Role, ...] = get_args(Role)
NARRATOR = "Narrator"


@dataclass(frozen=True)
class Block:
    """One structural unit of an article, as the page marks it up (or as its layout suggests)."""

    kind: BlockKind
    """``paragraph``, ``heading``, ``bullet`` or ``quote``."""
    text: str
    """Plain text of the block, whitespace collapsed."""
    lead: str = ""
    """Bold text the block opens with (``<strong>Name:</strong> …``, ``**Name:**``), as written."""
    bold: bool = False
    """The whole block is bold (many interviews set questions this way)."""
    explicit: bool = False
    """Structure came from markup (HTML, Markdown); plain-text blocks are classified by layout later."""
    marker: str = ""
    """For a plain-text bullet: the mark as written ("•", "-", "–"); a dash may mark an interview answer."""
    link_share: float = 0.0
    """Share of the block's characters that are link text (HTML): teaser lists are mostly links."""
    italic: bool = False
    """The whole block is in italics (questions in some interviews; editors' notes and series blurbs)."""
    elsewhere: bool = False
    """HTML: found on the page only inside another story's ``<article>`` (a teaser of that story)."""


@dataclass(frozen=True)
class Article:
    """An article as read from disk or stdin (ingest), then cleaned (clean)."""

    source: str
    """The input as the user named it: a path, or ``-`` for standard input."""
    text: str
    """The article text (decoded, newlines normalised to ``\\n``)."""
    format: str = "text"
    """Input format: ``text``, ``markdown`` or ``html``."""
    encoding: str = "utf-8"
    """The encoding the bytes were decoded with."""
    blocks: tuple[Block, ...] = ()
    """The article's blocks in reading order (set by parse; clean removes the junk ones)."""
    title: str | None = None
    """The title: from the page's metadata (parse), or found by clean."""
    removed: tuple[str, ...] = ()
    """Boilerplate removed, as written in the input, in order."""
    removed_by: tuple[tuple[str, str], ...] = ()
    """(removed text, the name of the rule that removed it), where a rule did (clean's, by name)."""
    author: str | None = None
    date: str | None = None
    """Publication date as the page gives it (ISO 8601 when known)."""
    site_name: str | None = None
    language: str | None = None
    url: str | None = None
    """Canonical URL, when the page names one."""
    description: str | None = None
    """The page's own summary (its description metadata): often the only place an interview
    names the person interviewed."""

    def with_(self, **changes: Any) -> "Article":
        return replace(self, **changes)


@dataclass(frozen=True)
class Segment:
    """One heading, paragraph, bullet item or interview turn."""

    kind: SegmentKind
    """One of :data:`KINDS`."""
    text: str
    """The original text of this block (a turn's label is kept in ``label``)."""
    section: str | None = None
    """The heading this segment sits under, or None before the first heading."""
    speaker: str = NARRATOR
    """``Narrator`` or the speaker's canonical name."""
    role: Role = "narrator"
    """One of :data:`ROLES`."""
    label: str | None = None
    """For a turn: the speaker label exactly as the page wrote it."""
    spoken: str = ""
    """What the voice will actually say (set by normalize)."""
    voice: str = ""
    """Voice profile id (set by cast)."""
    spoken_by_hand: bool = False
    """``spoken`` was edited by hand in a script file: kept as written, and the transcript shows it."""

    def with_(self, **changes: Any) -> "Segment":
        return replace(self, **changes)


def spoken_from(text: str, spoken: str) -> str:
    """What a segment's ``spoken`` was made from, as a script file records it: a short hash of the
    text and one of the spoken text (an edit of either shows on reading).

    >>> spoken_from("£5", "five pounds")
    'cd278f15:d97a422c'
    """
    import hashlib

    return ":".join(hashlib.sha1(t.encode("utf-8")).hexdigest()[:8] for t in (text, spoken))


@dataclass(frozen=True)
class ArticleMeta:
    """What the input says about itself — the ``meta`` of ``script --json``: the fields that are
    known, in this order, then any an edited script file carried, then ``edited``.

    >>> ArticleMeta(format="html", url="https://example.org/a").to_json()
    {'format': 'html', 'url': 'https://example.org/a'}
    >>> ArticleMeta.from_json({"language": "de", "desk": "Politik", "format": "text"}).to_json()
    {'format': 'text', 'language': 'de', 'desk': 'Politik', 'edited': 'yes'}
    """

    format: str = ""
    encoding: str = ""
    author: str = ""
    date: str = ""
    """As the page gives it (ISO when parsed from metadata)."""
    site_name: str = ""
    language: str = ""
    """BCP 47 (``de``, ``pt-BR``) when known."""
    url: str = ""
    """The article's own address (canonical link, or where it was fetched from)."""
    edited: bool = False
    """Read from an edited script file."""
    other: tuple[tuple[str, str], ...] = ()
    """Fields an edited script file carried that newscast does not know, kept as written."""

    #: The known fields, in the order ``script --json`` writes them.
    FIELDS = ("format", "encoding", "author", "date", "site_name", "language", "url")

    def to_json(self) -> dict[str, str]:
        out = {name: getattr(self, name) for name in self.FIELDS if getattr(self, name)}
        out.update((k, v) for k, v in self.other if k not in out)
        if self.edited:
            out.setdefault("edited", "yes")
        return out

    @classmethod
    def from_json(cls, doc: dict[str, Any]) -> "ArticleMeta":
        """An edited script file's ``meta`` (values as strings; empty ones left out)."""
        known = {k: str(v) for k, v in doc.items() if k in cls.FIELDS and v}
        other = tuple((str(k), str(v)) for k, v in doc.items() if k not in cls.FIELDS and k != "edited" and v)
        return cls(**known, edited=True, other=other)


@dataclass(frozen=True)
class Script:
    """What will be read, by whom: the contract of ``newscast script --json``."""

    title: str
    source: str
    segments: tuple[Segment, ...]
    speakers: tuple[tuple[str, Role], ...] = ()
    """(canonical speaker name, role) pairs, in order of first appearance."""
    removed: tuple[str, ...] = ()
    """Boilerplate removed from the input, as written."""
    removed_by: tuple[tuple[str, str], ...] = ()
    """(removed text, rule name): which rule removed it; what a page's layout left out has none."""
    meta: ArticleMeta = ArticleMeta()
    """What the input says about itself: format, author, date, site name, language, address."""

    def with_(self, **changes: Any) -> "Script":
        return replace(self, **changes)

    @property
    def language(self) -> str | None:
        """The article's language (BCP 47 primary subtag, e.g. ``de``), when known."""
        lang = self.meta.language
        return lang.split("-")[0].split("_")[0].lower() if lang else None

    def to_json(self) -> dict[str, Any]:
        """The ``script --json`` document (field names are a contract)."""
        return {
            "title": self.title,
            "source": self.source,
            "speakers": dict(self.speakers),
            "meta": self.meta.to_json(),
            "removed": list(self.removed),
            "removed_by": [dict(self.removed_by).get(r, "page layout") for r in self.removed],
            "segments": [
                {
                    "kind": s.kind,
                    "section": s.section,
                    "speaker": s.speaker,
                    "role": s.role,
                    "voice": s.voice,
                    "text": s.text,
                    "spoken": s.spoken,
                    **({"spoken_from": spoken_from(s.text, s.spoken)} if s.spoken else {}),
                    **({"spoken_by_hand": True} if s.spoken_by_hand else {}),
                    **({"label": s.label} if s.label is not None else {}),
                }
                for s in self.segments
            ],
        }


@dataclass(frozen=True)
class VoiceProfile:
    """One voice, as described by a TOML file in ``voices/``."""

    id: str
    """Profile id (the file name without ``.toml``)."""
    engine: str
    """Engine name from the registry, e.g. ``pyttsx3``."""
    voice: str
    """The engine's own voice name, e.g. espeak-ng ``gmw/en-us+f3``."""
    rate: int = 175
    """Speaking rate in words per minute."""
    pitch: int = 50
    """Pitch, 0-100 (espeak-ng scale)."""
    volume: float = 1.0
    """Volume, 0.0-1.0."""
    language: str = "en"
    """BCP 47 language the voice speaks."""
    description: str = ""
    """Free text shown by ``newscast voices``."""
    model: str = ""
    """Piper: the voice model (.onnx, its .json beside it); empty for the bundled en_US-joe-medium."""
    speaker: int = 0
    """Piper: speaker id in a multi-speaker model."""
    length_scale: float = 0.0
    """Piper: phoneme length (1.0 natural, larger is slower); 0 derives it from ``rate``."""
    phonemes: tuple[tuple[str, str], ...] = ()
    """Neural engines: (word as spoken, phonemes) pairs from the lexicon's entries for this engine."""


@dataclass(frozen=True)
class ClipTask:
    """One clip to speak: which segment, what text, with which engine and voice, and its cache key."""

    segment: int
    text: str
    engine: str
    profile: VoiceProfile
    key: str
    """Content address in the clip cache (engine, engine version, profile, text)."""
    where: str = ""
    """The input it belongs to, for error messages."""


@dataclass(frozen=True)
class Clip:
    """Audio for one sentence (or part of a long sentence) of one segment."""

    segment: int
    """Index of the segment in the script."""
    text: str
    """The spoken text of this clip."""
    samples: bytes = field(repr=False)
    """Mono signed 16-bit little-endian PCM."""
    sample_rate: int
    """Samples per second of ``samples``."""
    cached: bool = False
    """True when the clip came from the cache instead of the engine."""

    @property
    def duration_s(self) -> float:
        return len(self.samples) / 2 / self.sample_rate


@dataclass(frozen=True)
class Cue:
    """A timed stretch of speech in the mix (for transcripts)."""

    start_s: float
    end_s: float
    speaker: str
    text: str
    segment: int


@dataclass(frozen=True)
class Chapter:
    """A section of the episode, from its heading to the next one."""

    title: str
    start_s: float
    end_s: float


@dataclass(frozen=True)
class Mix:
    """The assembled episode audio, before loudness and encoding."""

    samples: bytes | bytearray = field(repr=False)
    """Mono signed 16-bit little-endian PCM at ``sample_rate`` (the mixer's bytearray: never changed after)."""
    sample_rate: int
    cues: tuple[Cue, ...]
    chapters: tuple[Chapter, ...]

    @property
    def duration_s(self) -> float:
        return len(self.samples) / 2 / self.sample_rate


@dataclass(frozen=True)
class Episode:
    """A published episode: what the library stores and the feed lists."""

    id: str
    """Stable, ASCII, file-name-safe id (also the files' stem)."""
    guid: str
    """Never changes for the same article across re-renders."""
    title: str
    description: str
    source: str
    mp3: str
    """File name of the MP3, relative to the output folder."""
    size_bytes: int
    duration_s: float
    pub_date: str
    """RFC 3339 UTC timestamp of the first render."""
    loudness_lufs: float
    true_peak_dbtp: float
    chapters: int
    segments: int
    cached_segments: int
    speakers: tuple[tuple[str, str], ...] = ()
    transcripts: tuple[str, ...] = ()
    """File names of transcript files (VTT, SRT) beside the MP3."""
    chapters_file: str = ""
    """File name of the Podcasting 2.0 JSON chapters beside the MP3."""
    image: str = ""
    """File name of the episode's cover image beside the MP3 (empty: none)."""
    render_key: str = ""
    """Hash of everything the episode's files are made from; equal keys mean the files can be reused."""
    clips: int = 0
    """How many clips (sentences) the episode is spoken from."""
    input_key: str = ""
    """Hash of the article file and every setting its script is built from (pipeline.input_key):
    equal keys mean the episode can be reused without building the script again."""
    link: str = ""
    """The article's web address (its canonical URL), when known: the feed item links to it."""
    etag: str = ""
    last_modified: str = ""
    """The validators the article's page was served with (a URL input): sent back on the next run,
    a ``304`` reuses the episode without downloading the page again."""

    @property
    def files(self) -> tuple[str, ...]:
        """Every file of the episode in the output folder (MP3 first)."""
        return tuple(n for n in (self.mp3, self.image, self.chapters_file, *self.transcripts) if n)
