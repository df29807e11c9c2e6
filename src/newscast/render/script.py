"""script: an article through every stage before speech, in order — ingest, parse, clean,
segment, signpost, normalize, cast — into the Script the rest of the pipeline speaks; or an
edited script file, completed. The stages' modules load only here, when a script is needed (a
reused episode needs none).
"""

from __future__ import annotations

from datetime import date
from typing import BinaryIO

from ..script import scriptfile
from ..settings.show import Show
from ..settings.voices import Voices
from ..core.errors import IngestError, NewscastError
from ..sources.fetch import Access, Fetched, FetchError, check_url, fetch, is_url, same_site
from ..core.models import Script
from .inputs import Source


def build_script(source: str | Source, voices: Voices, stdin: BinaryIO | None = None, format: str | None = None,
                 show: Show | None = None, today: date | None = None, page: Fetched | None = None) -> Script:
    """ingest -> parse -> clean -> segment -> signpost -> normalize -> cast; or an edited script file, completed.
    ``source``: the input (a name is classified here); ``page``: the article fetched from it (a URL)."""
    # the stages' modules (their rule tables and num2words) load here: a reused episode needs none
    from ..script.cast import cast
    from ..read.clean import clean
    from ..read.ingest import ingest
    from ..script.normalize import normalize
    from ..read.parse import parse
    from ..script.signposts import signpost
    from ..script.segment import segment

    source = Source.of(source) if isinstance(source, str) else source
    if format is None and source.kind == "script file" and page is None:
        script = scriptfile.load(source.name)
        missing = tuple(i for i, s in enumerate(script.segments) if not s.spoken)
        spoken = normalize(script, dict(voices.lexicon)).segments
        script = script.with_(segments=tuple(spoken[i] if i in missing else s for i, s in enumerate(script.segments)))
        cast_script = cast(script.with_(segments=tuple(s.with_(voice="") for s in script.segments)), voices.casting)
        return script.with_(segments=tuple(s if s.voice and not _unusable(voices, s.voice) else c
                                           for s, c in zip(script.segments, cast_script.segments)))
    if page is not None:
        article = parse(ingest(source.name, None, format or page_format(page.content_type), page.body, page.charset))
        script = segment(clean(article.with_(url=canonical(article.url, page.final_url))))
    else:
        script = segment(clean(parse(ingest(source.name, stdin, format))))
    if show is not None:
        script = signpost(script, show, today)
    return cast(normalize(script, dict(voices.lexicon)), voices.casting)


def _unusable(voices: Voices, voice_id: str) -> bool:
    """A script file's neural voice where the neural casting is not in use (another --engine
    forced, or Kokoro not installed here): its segment is cast again by its role."""
    from ..settings.voices import NEURAL_ENGINE

    try:
        engine = voices.get(voice_id).engine
    except NewscastError:
        return False  # an unknown profile is reported where it is spoken
    return engine == NEURAL_ENGINE and voices.casting.neural is None


#: Content types that decide how a fetched page is read, whatever its address ends with.
PAGE_FORMATS = {"text/html": "html", "application/xhtml+xml": "html", "text/markdown": "markdown",
                "text/x-markdown": "markdown"}


def page_format(content_type: str) -> str | None:
    """The format a fetched page's Content-Type names (its type beats its address's suffix: a page
    at ``/notes.txt`` served as ``text/html`` is HTML); None leaves it to the suffix and the bytes.

    >>> page_format("text/html"), page_format("text/plain"), page_format("")
    ('html', None, None)
    """
    return PAGE_FORMATS.get(content_type)


def canonical(declared: str | None, final_url: str) -> str:
    """The article's identity: the canonical address a page declares when it is a valid address
    on the site the page came from, else where the redirects ended (a page on one site cannot
    take over another site's article, its episode and its credit).

    >>> canonical("https://www.x.org/a?utm_source=f", "https://x.org/a"), canonical("https://victim.org/a", "https://x.org/a")
    ('https://www.x.org/a?utm_source=f', 'https://x.org/a')
    >>> canonical("http://h:99999/", "https://x.org/a"), canonical(None, "https://x.org/b")
    ('https://x.org/a', 'https://x.org/b')
    """
    if declared and is_url(declared) and same_site(declared, final_url):
        try:
            return check_url(declared)
        except FetchError:
            pass
    return final_url


def script_for(source: str, voices: Voices, stdin: BinaryIO | None = None, format: str | None = None,
               show: Show | None = None, allow_private: bool = False) -> Script:
    """:func:`build_script` for one input of ``newscast script``, which may be a web address
    (``allow_private``: its redirects may lead to local and private addresses)."""
    if Source.of(source).kind != "page":
        return build_script(source, voices, stdin, format, show)
    from ..sources.feeds import is_feed

    page = fetch(source, access=Access.naming([source], allow_private))
    if is_feed(page.body, page.content_type):
        raise IngestError(f"{source}: is a feed, not an article; render it (newscast render {source}), or pass one of "
                          "its articles' addresses")
    return build_script(source, voices, None, format, show, page=page)


#: The longest episode newscast makes: the mix is held in memory (about 24 MB a minute at its peak,
#: benchmarks/memory.py), so a longer text is refused before anything is spoken rather than
#: exhausting the machine.
MAX_EPISODE_HOURS = 3
#: Words a minute the length estimate assumes (the voices read 150-175).
ESTIMATE_WPM = 160


def check_length(script: Script) -> None:
    """Refuse a script that would make an episode longer than :data:`MAX_EPISODE_HOURS`."""
    words = sum(len(s.spoken.split()) for s in script.segments)
    hours = words / ESTIMATE_WPM / 60
    if hours > MAX_EPISODE_HOURS:
        raise IngestError(f"{script.source}: about {hours:.1f} hours of speech ({words} words in {len(script.segments)} "
                          f"segments); newscast makes episodes of at most {MAX_EPISODE_HOURS} hours — split the article")
