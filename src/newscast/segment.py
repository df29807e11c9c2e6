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

from .errors import IngestError
from .interview import QUESTION, about_the_interview, is_heading, plan, strip_stage, turn_text
from .names import addresses
from .words import MAX_HEADING_CHARS, MAX_TITLE_CHARS, shorten
from .speakers import (MIN_TURNS_PER_SPEAKER, ROLE_LABELS, assign_roles, find_speakers, label_key, label_of,
                       speaker_counts, unlabelled_speakers, who_answers, who_asks)
from .models import NARRATOR, Article, Block, Script, Segment

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


def segment(article: Article) -> Script:
    """Turn a cleaned Article into a Script of typed segments."""
    blocks = _split_bold_questions(_merge_label_blocks(list(article.blocks)))
    title = shorten(article.title or "", MAX_TITLE_CHARS)  # once: the outro and the tags take it from here
    if not blocks:
        raise IngestError(f"{article.source}: no article text found; pass the full article")
    context = " ".join([title, *(b.text for b in blocks)])
    speakers = find_speakers(blocks, context)
    for key in list(speakers):  # "Q"/"A" name a role, not a person: name the people where the article does
        if ROLE_LABELS.get(key) == "interviewer":
            speakers[key] = who_asks(article)
    for key in list(speakers):
        if ROLE_LABELS.get(key) == "expert":
            speakers[key] = who_answers(article, next((v for k, v in speakers.items() if ROLE_LABELS.get(k) == "interviewer"), ""), blocks)
    segments: list[Segment] = [Segment(kind="title", text=title, section=None)]
    section: str | None = None
    asked_by_style: Counter[str] = Counter()
    # questions set as bold or headings stand for the questioner's label only where the page
    # does not label the questions (labels on the first exchange only, or none at all)
    counts = speaker_counts(blocks, speakers)
    infer = counts[2] < MIN_TURNS_PER_SPEAKER
    found = plan(blocks, article.language) if infer else None
    # with no speaker and no unlabelled interview nothing below is a turn: nobody to name
    questioner, answerer = unlabelled_speakers(article, blocks, counts, found) if speakers or found else ("", "")
    openers = [i for i, b in enumerate(blocks) if (lab := label_of(b)) is not None and label_key(lab.label) in speakers]
    last_opener = max([*openers, *(found.questions if found else ()), *(found.answers if found else ())], default=-1)
    interview = False
    prev_asks = False
    pull_quotes: list[str] = []
    for i, block in enumerate(blocks):
        if found is not None and i == found.first:
            interview = True
        lab = label_of(block)
        prev = segments[-1]
        if lab is not None and label_key(lab.label) in speakers and lab.body:
            speaker = speakers[label_key(lab.label)]
            if not interview and speaker != questioner and prev.kind == "paragraph" and prev_asks:
                # the interview's first question went unlabelled (or lost its label): it is the questioner's
                segments[-1] = prev.with_(kind="turn", speaker=questioner)
            segments.append(Segment(kind="turn", text=lab.body, section=section, speaker=speaker, label=lab.label))
            interview = True
            prev_asks = False
            continue
        prev_asks = block.bold or bool(QUESTION.search(block.text))
        if found is not None and (i in found.questions or i in found.answers):
            asks = i in found.questions
            segments.append(Segment(kind="turn", text=turn_text(block), section=section,
                                    speaker=questioner if asks else answerer))
            asked_by_style[questioner] += asks
            continue
        dash = _dash_answer(block)
        if interview and dash is not None and prev.kind == "turn" and prev.speaker == questioner:
            segments.append(Segment(kind="turn", text=dash, section=section, speaker=answerer))
            continue
        if block.kind == "bullet":
            if interview and prev.kind in ("turn", "bullet") and prev.speaker != "Narrator":
                segments.append(prev.with_(kind="bullet", text=block.text, label=None))  # a list inside an answer
            else:
                segments.append(Segment(kind="bullet", text=block.text, section=section))
            continue
        heading = (block.kind == "heading" or (not block.explicit and block.kind == "paragraph" and is_heading(block.text))
                   or (found is not None and (block.bold or block.italic) and is_heading(block.text)
                       and not QUESTION.search(block.text)))  # a bold subhead between the exchanges
        by_style = infer and interview and found is None  # labels on the first exchange, then typography
        question_style = by_style and (block.bold or heading) and bool(QUESTION.search(block.text))
        if question_style or (by_style and block.bold and block.explicit and block.kind == "paragraph"):
            segments.append(Segment(kind="turn", text=block.text, section=section, speaker=questioner))
            asked_by_style[questioner] += 1
            continue
        if heading and interview and QUOTED.match(block.text):
            pull_quotes.append(block.text)  # a pull quote between answers: said already, and no new section
            continue
        if heading:
            section = shorten(block.text, MAX_HEADING_CHARS)
            segments.append(Segment(kind="heading", text=section, section=section))
            continue
        if EDITORIAL.match(block.text):
            segments.append(Segment(kind="paragraph", text=block.text, section=section))
        elif prev.kind == "turn" and prev.speaker == questioner and interview and prev.label is None and answerer:
            segments.append(Segment(kind="turn", text=block.text, section=section, speaker=answerer))
        elif (prev.kind == "turn" and block.kind == "paragraph"
              and not (i > last_opener and (block.italic or about_the_interview(block.text)))):
            if prev.speaker != questioner and addresses(block.text, prev.speaker):  # "Thanks, Junior!"
                segments.append(Segment(kind="turn", text=block.text, section=section, speaker=questioner))
            else:
                segments.append(prev.with_(text=block.text, label=None))  # an unlabelled paragraph continues the turn
        else:
            kind = "quote" if block.kind == "quote" or QUOTED.match(block.text) else "paragraph"
            segments.append(Segment(kind=kind, text=block.text, section=section))
    if not _dialogue(segments):
        segments = [_as_narration(s) for s in segments]
    segments, stage = _without_stage_directions(segments)
    turns = [s for s in segments if s.kind == "turn"]
    roles = assign_roles(turns, asked_by_style)
    segments = [s.with_(role=roles[s.speaker]) if s.speaker in roles else s for s in segments]
    meta = {"format": article.format, "encoding": article.encoding, "author": article.author, "date": article.date,
            "site_name": article.site_name, "language": article.language, "url": article.url}
    return Script(title=title, source=article.source, segments=tuple(segments), speakers=tuple(roles.items()),
                  removed=(*article.removed, *pull_quotes, *stage), meta=tuple((k, v) for k, v in meta.items() if v))


def _dash_answer(block: Block) -> str | None:
    """The text of an answer marked only by a dash ("– Because …"), else None."""
    if block.kind == "bullet" and block.marker in ("–", "—"):
        return block.text
    m = DASH_ANSWER.match(block.text) if block.kind == "paragraph" else None
    return m.group("body") if m else None


#: An interview is a dialogue: two speakers at least, and at least this many turns that ask.
MIN_QUESTIONS = 2


def _dialogue(segments: list[Segment]) -> bool:
    """Whether the turns found make an interview: two speakers or more, and questions asked
    (a list of "Name: charges" or "Team: injury notes" has labels but nobody asks anything).
    A page without turns passes."""
    turns = [s for s in segments if s.kind == "turn"]
    if not turns:
        return True
    asked = sum(bool(QUESTION.search(s.text)) or ROLE_LABELS.get(label_key(s.label or "")) == "interviewer" for s in turns)
    return len({s.speaker for s in turns}) >= 2 and asked >= MIN_QUESTIONS


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


