"""segment: find the structure of a cleaned article — title, headings,
paragraphs, bullet items, quotes and interview turns with their speakers.

Pure: strings in, a :class:`Script` out.
"""

from __future__ import annotations

import re
from collections import Counter

from .clean import BULLET, split_blocks
from .errors import IngestError
from .models import Article, Script, Segment

#: A speaker label at the start of a block: "Archyde News: …", "Dr.Anya Petrova:…", "Q: …".
LABEL = re.compile(r"^(?P<label>[A-Za-z][\w.'’\- ]{0,40}?)\s*:\s*(?P<body>\S.*)$", re.S)
#: Labels that always mean the interviewer or the interviewee, whatever the count.
ROLE_LABELS = {"q": "interviewer", "question": "interviewer", "interviewer": "interviewer",
               "a": "expert", "answer": "expert"}
#: A heading is short and does not end like a sentence ('?' is allowed).
HEADING_MAX_WORDS = 14
HEADING_MAX_CHARS = 120
SENTENCE_END = re.compile(r"(?:[.!,;:…]|[.!?,][\"”’)])$")
QUOTED = re.compile(r"^[\"“].*[\"”]$", re.S)
MIN_TURNS_PER_SPEAKER = 2


def label_key(label: str) -> str:
    """Compare labels ignoring case, spaces and punctuation.

    >>> label_key("Dr.Anya Petrova") == label_key("dr. anya  petrova")
    True
    """
    return re.sub(r"[^a-z0-9]", "", label.lower())


def _label_of(block: str) -> tuple[str, str] | None:
    m = LABEL.match(block)
    if not m:
        return None
    label = m.group("label").strip()
    if len(label.split()) > 5 or label.endswith("."):
        return None
    return label, m.group("body").strip()


def is_heading(block: str) -> bool:
    """A short line that does not end like a sentence.

    >>> is_heading("Russia Stands Firm"), is_heading("EU’s Defense Package: Turning Point for European Security?")
    (True, True)
    >>> is_heading("He added that the UK is continuing."), is_heading("Drone Deal: A new deal")
    (False, True)
    >>> is_heading("Understanding the “Coalition of the Willing”"), is_heading("He said “no.”")
    (True, False)
    """
    words = block.split()
    return (len(words) <= HEADING_MAX_WORDS and len(block) <= HEADING_MAX_CHARS
            and not SENTENCE_END.search(block))


def display_name(label: str) -> str:
    """Tidy a written label into a display name.

    >>> display_name("Dr.Anya  Petrova")
    'Dr. Anya Petrova'
    """
    return re.sub(r"\s+", " ", re.sub(r"\.(?=[A-Za-z]{2})", ". ", label)).strip()


def find_speakers(blocks: list[str]) -> dict[str, str]:
    """Map label key -> canonical name for labels used as speakers.

    A label is a speaker when it opens at least two non-bullet blocks (or is a
    conventional Q/A label) and at least one of them reads as prose or a
    question, not as a heading.
    """
    forms: dict[str, Counter[str]] = {}
    prose: Counter[str] = Counter()  # labelled blocks that read as sentences, not headings
    for block in blocks:
        if BULLET.match(block):
            continue
        found = _label_of(block)
        if not found:
            continue
        label, _body = found
        forms.setdefault(label_key(label), Counter())[label] += 1
        prose[label_key(label)] += not is_heading(block) or block.endswith("?")
    speakers: dict[str, str] = {}
    for key, counter in forms.items():
        if key in ROLE_LABELS or (prose[key] and sum(counter.values()) >= MIN_TURNS_PER_SPEAKER):
            # the most frequent spelling wins; ties go to the one with capitals
            best = max(counter.items(), key=lambda kv: (kv[1], sum(ch.isupper() for ch in kv[0])))[0]
            speakers[key] = display_name(best)
    return speakers


def assign_roles(turns: list[Segment]) -> dict[str, str]:
    """Role per speaker: the one who asks most is the interviewer, the one who
    talks most of the rest the expert, anyone further a guest."""
    asked: Counter[str] = Counter()
    count: Counter[str] = Counter()
    words: Counter[str] = Counter()
    order: list[str] = []
    for t in turns:
        if t.speaker not in order:
            order.append(t.speaker)
        count[t.speaker] += 1
        words[t.speaker] += len(t.text.split())
        asked[t.speaker] += "?" in t.text
    roles: dict[str, str] = {}
    by_label = {s: ROLE_LABELS.get(label_key(s)) for s in order}
    forced = [s for s in order if by_label[s] == "interviewer"]
    if forced:
        interviewer = forced[0]
    elif order:
        interviewer = max(order, key=lambda s: (asked[s] / count[s], -order.index(s)))
    else:
        return roles
    roles[interviewer] = "interviewer"
    rest = sorted((s for s in order if s != interviewer), key=lambda s: -words[s])
    for i, s in enumerate(rest):
        roles[s] = "expert" if i == 0 else "guest"
    return roles


def segment(article: Article) -> Script:
    """Turn a cleaned Article into a Script of typed segments."""
    blocks = split_blocks(article.text)
    speakers = find_speakers(blocks)
    title = article.title or (blocks.pop(0) if blocks else "")
    if not blocks:
        raise IngestError(f"{article.source}: no article text found; pass the full article")
    segments: list[Segment] = [Segment(kind="title", text=title, section=None)]
    section: str | None = None
    for block in blocks:
        if BULLET.match(block):
            segments.append(Segment(kind="bullet", text=BULLET.sub("", block), section=section))
            continue
        found = _label_of(block)
        if found and label_key(found[0]) in speakers:
            label, body = found
            segments.append(Segment(kind="turn", text=body, section=section,
                                    speaker=speakers[label_key(label)], label=label))
        elif is_heading(block):
            section = block
            segments.append(Segment(kind="heading", text=block, section=section))
        elif segments[-1].kind == "turn":
            # an unlabelled paragraph right after a turn continues it
            segments.append(segments[-1].with_(text=block, label=None))
        else:
            kind = "quote" if QUOTED.match(block) else "paragraph"
            segments.append(Segment(kind=kind, text=block, section=section))
    roles = assign_roles([s for s in segments if s.kind == "turn"])
    segments = [s.with_(role=roles[s.speaker]) if s.kind == "turn" else s for s in segments]
    return Script(
        title=title,
        source=article.source,
        segments=tuple(segments),
        speakers=tuple(roles.items()),
        removed=article.removed,
    )
