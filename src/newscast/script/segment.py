"""segment: find the structure of a cleaned article — title, headings,
paragraphs, bullet items, quotes and interview turns with their speakers.

Who speaks is :mod:`speakers` (labels, roles, names); interviews nobody labelled
(bold, italic, heading or dash-led questions) are :mod:`interview`. Here: one
pass over the blocks that decides what each becomes, with the fixtures of
tests/data/articles showing every style. Labels only on the first exchange, then
unlabelled bold or heading-styled questions, and answers marked only by a dash,
are handled here too.

Pure: blocks in, a :class:`Script` out.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Iterable

from ..core.errors import IngestError
from .interview import QUESTION, Plan, about_the_interview, is_heading, plan, pronouns, strip_stage, turn_text, unquoted, words
from .names import addresses
from ..core.words import MAX_HEADING_CHARS, MAX_TITLE_CHARS, shorten
from .speakers import MIN_TURNS_PER_SPEAKER, ROLE_LABELS, assign_roles, find_speakers, label_key, label_of, speaker_counts, unlabelled_speakers, who_answers, who_asks
from ..core.models import NARRATOR, Article, ArticleMeta, Block, Script, Segment, SegmentKind

QUOTED = re.compile(r"^[\"“„«].*[\"”“»]$", re.S)
#: Editorial lines inside an interview: read by the narrator, and they end the answer before them.
EDITORIAL = re.compile(r"^(update|updated|editor'?s note|note|correction|clarification|disclosure)\b[^:]{0,25}:", re.I)
DASH_ANSWER = re.compile(r"^[–—-]\s+(?P<body>\S.*)$", re.S)


def _merge_label_blocks(blocks: list[Block]) -> list[Block]:
    """A label standing in a block of its own ("Sunshine:") opens the next block;
    a drop capital set apart ("S" + "unshine:") is joined to its word."""
    out: list[Block] = []
    for block in blocks:
        prev = out[-1] if out else None
        if prev is not None and len(prev.text) <= 2 and prev.text.isalpha() and block.text[:1].islower():
            out[-1] = Block(block.kind, prev.text + block.text, lead=prev.lead + block.lead if block.lead else prev.lead,
                            bold=prev.bold and block.bold, explicit=block.explicit)
            continue
        if prev is not None and block.kind != "heading":
            lab = label_of(prev)
            if lab is not None and not lab.body:
                out[-1] = Block(block.kind, f"{prev.text} {block.text}", lead=prev.text, bold=False,
                                explicit=block.explicit)
                continue
        out.append(block)
    return out


def _split_bold_questions(blocks: list[Block]) -> list[Block]:
    """A bold question run straight into its answer in one paragraph becomes two blocks."""
    out: list[Block] = []
    for b in blocks:
        if b.lead and not b.bold and QUESTION.search(b.lead) and len(b.text) > len(b.lead) + 1 and b.text.startswith(b.lead):
            out.append(Block(b.kind, b.lead, lead=b.lead, bold=True, explicit=b.explicit))
            out.append(Block(b.kind, b.text[len(b.lead):].strip(), explicit=b.explicit))
        else:
            out.append(b)
    return out


@dataclass
class _Pass:
    """What one pass over an article's blocks knows: who speaks, the unlabelled interview found, and
    what was decided so far (the segments, the section, whether the interview has begun)."""

    speakers: dict[str, str]
    questioner: str
    answerer: str
    found: Plan | None
    infer: bool  # too few labelled turns: questions may be told by their typography
    last_opener: int
    section: str | None = None
    interview: bool = False
    prev_asks: bool = False
    segments: list[Segment] = field(default_factory=list)
    asked_by_style: Counter[str] = field(default_factory=Counter)
    pull_quotes: list[str] = field(default_factory=list)

    def add(self, kind: SegmentKind, text: str, speaker: str = NARRATOR, label: str | None = None) -> bool:
        self.segments.append(Segment(kind=kind, text=text, section=self.section, speaker=speaker, label=label))
        return True

    def is_heading(self, block: Block) -> bool:
        return (block.kind == "heading" or (not block.explicit and block.kind == "paragraph" and is_heading(block.text))
                or (self.found is not None and (block.bold or block.italic) and is_heading(block.text)
                    and not QUESTION.search(block.text)))  # a bold subhead between the exchanges


def _labelled_turn(st: _Pass, i: int, block: Block, prev: Segment) -> bool:
    """A block opened by a known speaker's label ("Dr. Anya Petrova: …") is that speaker's turn; an
    unlabelled question just before the first one becomes the questioner's."""
    lab = label_of(block)
    if lab is None or label_key(lab.label) not in st.speakers or not lab.body:
        return False
    speaker = st.speakers[label_key(lab.label)]
    if not st.interview and speaker != st.questioner and prev.kind == "paragraph" and st.prev_asks:
        st.segments[-1] = prev.with_(kind="turn", speaker=st.questioner)
    st.interview = True
    return st.add("turn", lab.body, speaker, lab.label)


def _unlabelled_turn(st: _Pass, i: int, block: Block, prev: Segment) -> bool:
    """A question or answer of an interview nobody labelled (:func:`interview.plan` found it)."""
    if st.found is None or not (i in st.found.questions or i in st.found.answers):
        return False
    asks = i in st.found.questions
    st.asked_by_style[st.questioner] += asks
    return st.add("turn", turn_text(block), st.questioner if asks else st.answerer)


def _dash_answer_turn(st: _Pass, i: int, block: Block, prev: Segment) -> bool:
    """Inside an interview, "– Because …" after a question is the answer."""
    dash = _dash_answer(block)
    if not (st.interview and dash is not None and prev.kind == "turn" and prev.speaker == st.questioner):
        return False
    return st.add("turn", dash, st.answerer)


def _bullet(st: _Pass, i: int, block: Block, prev: Segment) -> bool:
    """A bullet item; inside a speaker's answer it stays that speaker's."""
    if block.kind != "bullet":
        return False
    if st.interview and prev.kind in ("turn", "bullet") and prev.speaker != "Narrator":
        st.segments.append(prev.with_(kind="bullet", text=block.text, label=None))  # a list inside an answer
        return True
    return st.add("bullet", block.text)


def _question_by_style(st: _Pass, i: int, block: Block, prev: Segment) -> bool:
    """Labels on the first exchange only, then questions told by their typography (bold, heading)."""
    by_style = st.infer and st.interview and st.found is None
    asks = by_style and (block.bold or st.is_heading(block)) and bool(QUESTION.search(block.text))
    if not (asks or (by_style and block.bold and block.explicit and block.kind == "paragraph")):
        return False
    st.asked_by_style[st.questioner] += 1
    return st.add("turn", block.text, st.questioner)


def _pull_quote(st: _Pass, i: int, block: Block, prev: Segment) -> bool:
    """A quoted line set as a heading between answers: said already, not read, no new section."""
    if not (st.is_heading(block) and st.interview and QUOTED.match(block.text)):
        return False
    st.pull_quotes.append(block.text)
    return True


def _heading(st: _Pass, i: int, block: Block, prev: Segment) -> bool:
    """A heading (marked, or a short title-like line) opens a section."""
    if not st.is_heading(block):
        return False
    st.section = shorten(block.text, MAX_HEADING_CHARS)
    return st.add("heading", st.section)


def _editorial(st: _Pass, i: int, block: Block, prev: Segment) -> bool:
    """An editor's line ("Update: …", "Correction: …") is the narrator's, and ends the answer before it."""
    return bool(EDITORIAL.match(block.text)) and st.add("paragraph", block.text)


def _answer_after_question(st: _Pass, i: int, block: Block, prev: Segment) -> bool:
    """After an unlabelled question, the next paragraph is the answer."""
    if not (prev.kind == "turn" and prev.speaker == st.questioner and st.interview and prev.label is None and st.answerer):
        return False
    return st.add("turn", block.text, st.answerer)


def _turn_continues(st: _Pass, i: int, block: Block, prev: Segment) -> bool:
    """An unlabelled paragraph after a turn continues it — unless it addresses that speaker ("Thanks,
    Junior!": the questioner's), or is an italic or about-the-interview note after the last exchange."""
    after = i > st.last_opener
    if not (prev.kind == "turn" and block.kind == "paragraph"
            and not (after and (block.italic or about_the_interview(block.text) or _names(block.text, prev.speaker)))):
        return False
    if prev.speaker != st.questioner and addresses(block.text, prev.speaker):
        return st.add("turn", block.text, st.questioner)
    st.segments.append(prev.with_(text=block.text, label=None))
    return True


def _names(text: str, speaker: str | None) -> bool:
    """A paragraph after the last exchange that names the last speaker by surname speaks about
    them — the narrator's ("Dr. Carter's study will be published in the spring.").

    >>> _names("Dr. Carter's study will be published in the spring.", "Ruth Carter"), _names("We will see.", "Ruth Carter")
    (True, False)
    """
    surname = (speaker or "").split()[-1:]
    return bool(surname) and len(surname[0]) > 2 and re.search(rf"\b{re.escape(surname[0])}\b", text) is not None


@dataclass(frozen=True)
class Rule:
    """One named decision of :func:`segment`: given the pass so far, the block's index, the block and
    the segment before it, take the block (append what it becomes, return True) or leave it."""

    name: str
    take: Callable[[_Pass, int, Block, Segment], bool]


#: The rules, in order: the first that takes a block decides it; a block no rule takes is a
#: paragraph (or a quote). Each is switched off by name with ``segment(..., skip=...)`` and scored
#: on the corpus by ``benchmarks/interviews.py --rules``.
RULES: tuple[Rule, ...] = (
    Rule("labelled turn", _labelled_turn),
    Rule("unlabelled turn", _unlabelled_turn),
    Rule("dash answer", _dash_answer_turn),
    Rule("bullet", _bullet),
    Rule("question by style", _question_by_style),
    Rule("pull quote", _pull_quote),
    Rule("heading", _heading),
    Rule("editorial", _editorial),
    Rule("answer after question", _answer_after_question),
    Rule("turn continues", _turn_continues),
)


def segment(article: Article, skip: Iterable[str] = ()) -> Script:
    """Turn a cleaned Article into a Script of typed segments (the rules named in ``skip`` off).

    >>> [r.name for r in RULES][:3]
    ['labelled turn', 'unlabelled turn', 'dash answer']
    >>> text = "Q: Why now?\\n\\nA: Because the vote is close.\\n\\nQ: And then?\\n\\nA: We wait."
    >>> [s.kind for s in segment(Article(source="x", title="T", text=text, blocks=_blocks(text))).segments]
    ['title', 'turn', 'turn', 'turn', 'turn']
    >>> [s.kind for s in segment(Article(source="x", title="T", text=text, blocks=_blocks(text)),
    ...                          skip=["labelled turn"]).segments]
    ['title', 'heading', 'paragraph', 'heading', 'paragraph']
    """
    unknown = set(skip) - {r.name for r in RULES}
    if unknown:
        raise ValueError(f"unknown segment rules {sorted(unknown)}; known: {[r.name for r in RULES]}")
    rules = [r for r in RULES if r.name not in set(skip)]
    blocks = _split_bold_questions(_merge_label_blocks(list(article.blocks)))
    title = shorten(article.title or "", MAX_TITLE_CHARS)  # once: the outro and the tags take it from here
    if not blocks:
        raise IngestError(f"{article.source}: no article text found; pass the full article")
    st = _start(article, blocks, title)
    st.segments.append(Segment(kind="title", text=title, section=None))
    for i, block in enumerate(blocks):
        if st.found is not None and i == st.found.first:
            st.interview = True
        prev = st.segments[-1]
        taken = next((r.name for r in rules if r.take(st, i, block, prev)), "")
        if not taken:
            kind: SegmentKind = "quote" if block.kind == "quote" or QUOTED.match(block.text) else "paragraph"
            st.add(kind, block.text)
        st.prev_asks = taken != "labelled turn" and (block.bold or bool(QUESTION.search(block.text)))
    segments = st.segments if _dialogue(st.segments, article.language) else [_as_narration(s) for s in st.segments]
    segments, stage = _without_stage_directions(segments)
    roles = assign_roles([s for s in segments if s.kind == "turn"], st.asked_by_style)
    segments = [s.with_(role=roles[s.speaker]) if s.speaker in roles else s for s in segments]
    meta = ArticleMeta(format=article.format or "", encoding=article.encoding or "", author=article.author or "",
                       date=article.date or "", site_name=article.site_name or "", language=article.language or "",
                       url=article.url or "")
    return Script(title=title, source=article.source, segments=tuple(segments), speakers=tuple(roles.items()),
                  removed=(*article.removed, *st.pull_quotes, *stage), meta=meta,
                  removed_by=(*article.removed_by, *((q, "pull quote") for q in st.pull_quotes), *((d, "stage direction") for d in stage)))


def _start(article: Article, blocks: list[Block], title: str) -> _Pass:
    """Who speaks (labels, and "Q"/"A" named where the article names the people), and the interview
    nobody labelled, found before the pass."""
    context = " ".join([title, *(b.text for b in blocks)])
    speakers = find_speakers(blocks, context)
    for key in list(speakers):  # "Q"/"A" name a role, not a person: name the people where the article does
        if ROLE_LABELS.get(key) == "interviewer":
            speakers[key] = who_asks(article)
    for key in list(speakers):
        if ROLE_LABELS.get(key) == "expert":
            speakers[key] = who_answers(article, next((v for k, v in speakers.items() if ROLE_LABELS.get(k) == "interviewer"), ""), blocks)
    # questions set as bold or headings stand for the questioner's label only where the page
    # does not label the questions (labels on the first exchange only, or none at all)
    counts = speaker_counts(blocks, speakers)
    infer = counts[2] < MIN_TURNS_PER_SPEAKER
    found = plan(blocks, article.language) if infer else None
    # with no speaker and no unlabelled interview nothing below is a turn: nobody to name
    questioner, answerer = unlabelled_speakers(article, blocks, counts, found) if speakers or found else ("", "")
    openers = [i for i, b in enumerate(blocks) if (lab := label_of(b)) is not None and label_key(lab.label) in speakers]
    last_opener = max([*openers, *(found.questions if found else ()), *(found.answers if found else ())], default=-1)
    return _Pass(speakers, questioner, answerer, found, infer, last_opener)


def _blocks(text: str) -> tuple[Block, ...]:
    """Paragraph blocks of a text (for the examples above)."""
    return tuple(Block("paragraph", p) for p in text.split("\n\n"))


def _dash_answer(block: Block) -> str | None:
    """The text of an answer marked only by a dash ("– Because …"), else None."""
    if block.kind == "bullet" and block.marker in ("–", "—"):
        return block.text
    m = DASH_ANSWER.match(block.text) if block.kind == "paragraph" else None
    return m.group("body") if m else None


#: An interview is a dialogue: two speakers at least, and at least this many turns that ask.
MIN_QUESTIONS = 2
#: ... or a conversation that asks little (a broadcast report, a chat, a panel): two speakers who
#: speak twice or more, the word changing hands this many times, and this share of the turns
#: speech ("I", "we", "you", or another speaker addressed by name).
MIN_CHANGES = 3
MIN_SPEECH = 0.5


def _dialogue(segments: list[Segment], language: str | None = None) -> bool:
    """Whether the turns found make an interview or a conversation: two speakers or more, and
    questions asked or talk going back and forth (a list of "Name: charges" or "Team: injury
    notes" has labels, but nobody asks or answers anybody). A page without turns passes."""
    turns = [s for s in segments if s.kind == "turn"]
    if not turns:
        return True
    if len({s.speaker for s in turns}) < 2:
        return False
    asked = sum(bool(QUESTION.search(s.text)) or ROLE_LABELS.get(label_key(s.label or "")) == "interviewer" for s in turns)
    return asked >= MIN_QUESTIONS or _conversation(turns, language)


def _conversation(turns: list[Segment], language: str | None) -> bool:
    """Labelled turns that talk to each other: two people speaking twice or more, the word changing
    hands often, most turns in the first or second person or addressing another speaker.

    >>> t = [Segment("turn", x, speaker=w) for w, x in (("Ann", "Tom, it rained."), ("Tom", "I saw it."),
    ...      ("Ann", "We all did."), ("Tom", "You were out?"))]
    >>> _conversation(t, "en"), _conversation([s.with_(text="Charged with theft.") for s in t], "en")
    (True, False)
    """
    counts = Counter(t.speaker for t in turns)
    changes = sum(a.speaker != b.speaker for a, b in zip(turns, turns[1:]))
    names = {n for t in turns for n in (t.speaker or "", *(t.speaker or "").split()) if len(n) > 2}
    first, _, second = pronouns(language)
    addressed = re.compile(r"(?:^|[,;]\s*)(?:" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
                           + r")\s*(?:[,.!?]|$)") if names else None

    def speech(text: str) -> bool:  # "I", "we", "you" … or a speaker addressed ("Mark, …", "… , Anna.")
        said = set(words(unquoted(text)))
        return bool(said & (first | second)) or bool(addressed and addressed.search(text))

    spoken = sum(speech(t.text) for t in turns) / len(turns)
    return sum(c >= 2 for c in counts.values()) >= 2 and changes >= MIN_CHANGES and spoken >= MIN_SPEECH


def _as_narration(seg: Segment) -> Segment:
    """A turn read by the narrator, its label read as written."""
    if seg.speaker == NARRATOR:
        return seg
    kind = "paragraph" if seg.kind == "turn" else seg.kind
    text = f"{seg.label}: {seg.text}" if seg.label else seg.text
    return seg.with_(kind=kind, text=text, speaker=NARRATOR, label=None)


def _without_stage_directions(segments: list[Segment]) -> tuple[list[Segment], list[str]]:
    """Turns without their stage directions ("(lacht)", "[laughs]"): not read, listed as removed."""
    out: list[Segment] = []
    cut: list[str] = []
    for seg in segments:
        if seg.kind == "turn":
            text, dropped = strip_stage(seg.text)
            cut.extend(dropped)
            if not text:
                continue
            seg = seg.with_(text=text) if dropped else seg
        out.append(seg)
    return out, cut


