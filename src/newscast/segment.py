"""segment: find the structure of a cleaned article — title, headings,
paragraphs, bullet items, quotes and interview turns with their speakers.

Interview styles handled (see tests/data for one fixture each):
``Name:`` labels written inconsistently ("Dr.Anya Petrova:", "archyde news:");
the outlet as questioner; ``Q:``/``A:`` and ``Q.``/``A.``; bold labels
(``<strong>``, ``**Name:**``); ALL-CAPS names; no space after the colon; a label
in a block of its own; labels only on the first exchange, then unlabelled bold
or heading-styled questions; answers marked only by a dash; a surname-only
label for a speaker named in full elsewhere. Not speakers: bullet lead-ins,
headings with a colon, captions, "RELATED:", "Photo:", "Update:" lines, and
salutations ("DEAR ABBY:").

Pure: blocks in, a :class:`Script` out.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .errors import IngestError
from .interview import Plan, about_the_interview, address, addresses, credited, turn_text, interviewee, plan, strip_stage
from .models import NARRATOR, Article, Block, Script, Segment

#: A speaker label at the start of a block: "Archyde News: …", "Dr.Anya Petrova:…", "Q: …", "Q. …".
LABEL = re.compile(r"^(?P<label>[^\W\d_][\w.'’\- ]{0,40}?|[QAPRF])\s*(?::|(?<=^[QAPRF])\.)\s*(?P<body>\S.*)?$", re.S)
#: Labels that always mean the interviewer or the interviewee, whatever the count: question and
#: answer in English, German (F/A), Spanish and Portuguese (P/R, "P." / "R." in El País style), Russian.
ROLE_LABELS = {"q": "interviewer", "question": "interviewer", "interviewer": "interviewer", "frage": "interviewer",
               "a": "expert", "answer": "expert", "antwort": "expert",
               "p": "interviewer", "f": "interviewer", "r": "expert", "pregunta": "interviewer",
               "pergunta": "interviewer", "вопрос": "interviewer", "respuesta": "expert", "resposta": "expert",
               "ответ": "expert"}
#: One-letter role labels that count only beside their partner ("R. Kelly said" is no answer).
PARTNER = {"p": "r", "r": "p", "f": "a"}
#: Labels that are never speakers (matched against the label, case-insensitively).
NOT_SPEAKERS = re.compile(
    r"^(dear\b.*|related|photo|photos|image|images|video|watch|listen|update|updated|read more|see more|more|"
    r"also|also read|editor'?s note|note|source|sources|credit|credits|caption|breaking|exclusive|analysis|"
    r"opinion|tags?|share|warning|disclaimer|correction|pictured|above|below|top|file|getty|reuters|ap|afp|"
    r"when|where|what|why|how|who|price|cost|location|date|time|tickets|details|info|website|contact|"
    r"titelbild|foto|quelle|lesen sie auch|mehr zum thema)$", re.I)
#: A heading is short and does not end like a sentence ('?' is allowed).
HEADING_MAX_WORDS = 14
HEADING_MAX_CHARS = 120
SENTENCE_END = re.compile(r"(?:[.!,;:…]|[.!?,][\"”’)])$")
QUESTION = re.compile(r"\?[\"”’)]?\s*$")
QUOTED = re.compile(r"^[\"“„«].*[\"”“»]$", re.S)
#: Editorial lines inside an interview: read by the narrator, and they end the answer before them.
EDITORIAL = re.compile(r"^(update|updated|editor'?s note|note|correction|clarification|disclosure)\b[^:]{0,25}:", re.I)
DASH_ANSWER = re.compile(r"^[–—-]\s+(?P<body>\S.*)$", re.S)
MIN_TURNS_PER_SPEAKER = 2


def label_key(label: str) -> str:
    """Compare labels ignoring case, spaces and punctuation.

    >>> label_key("Dr.Anya Petrova") == label_key("dr. anya  petrova")
    True
    """
    return re.sub(r"[\W_]", "", label.lower())


def is_heading(text: str) -> bool:
    """A short line that does not end like a sentence.

    >>> is_heading("Russia Stands Firm"), is_heading("EU’s Defense Package: Turning Point for European Security?")
    (True, True)
    >>> is_heading("He added that the UK is continuing."), is_heading("Drone Deal: A new deal")
    (False, True)
    >>> is_heading("Understanding the “Coalition of the Willing”"), is_heading("He said “no.”")
    (True, False)
    """
    return (len(text.split()) <= HEADING_MAX_WORDS and len(text) <= HEADING_MAX_CHARS
            and not SENTENCE_END.search(text))


def display_name(label: str) -> str:
    """Tidy a written label into a display name.

    >>> display_name("Dr.Anya  Petrova"), display_name("JOHN SMITH"), display_name("fluter.de")
    ('Dr. Anya Petrova', 'John Smith', 'fluter.de')
    """
    name = re.sub(r"\s+", " ", re.sub(r"\.(?=[A-Z][a-z])", ". ", label)).strip()
    if name.isupper() and len(name) > 2:
        name = name.title()
    return name


@dataclass(frozen=True)
class Labelled:
    """A block that opens with a speaker label."""

    label: str
    body: str


def label_of(block: Block) -> Labelled | None:
    """The speaker label a block opens with (from its bold lead or its text), if any.

    >>> label_of(Block("paragraph", "McKelvey:When I started"))
    Labelled(label='McKelvey', body='When I started')
    >>> label_of(Block("paragraph", "Q. Why now?")), label_of(Block("paragraph", "Sunshine:"))
    (Labelled(label='Q', body='Why now?'), Labelled(label='Sunshine', body=''))
    >>> label_of(Block("paragraph", "J.R.: We did."))
    Labelled(label='J.R.', body='We did.')
    >>> label_of(Block("paragraph", "Photo: Reuters")) is None, label_of(Block("bullet", "Drone Deal: x")) is None
    (True, True)
    """
    if block.kind == "bullet":
        return None
    m = LABEL.match(block.text)
    if not m:
        return None
    label, body = m.group("label").strip(), (m.group("body") or "").strip()
    initials = re.fullmatch(r"(?:[A-Z]\.\s?){1,3}", label + ".") or re.fullmatch(r"(?:[A-Z]\.\s?){1,3}", label)
    if len(label.split()) > 5 or (label.endswith(".") and not initials) or NOT_SPEAKERS.match(label):
        return None
    return Labelled(label=label, body=body)


def name_like(label: str) -> bool:
    """Every word capitalised (particles allowed), or a web address ("fluter.de").

    >>> name_like("Nikolai Huke"), name_like("Ursula von der Leyen"), name_like("fluter.de"), name_like("The answer")
    (True, True, True, False)
    """
    if re.fullmatch(r"[\w-]+(\.[\w-]+)*\.[a-z]{2,6}", label):
        return True
    words = label.split()
    particles = {"de", "da", "van", "von", "der", "den", "al", "bin", "la", "le", "di", "du"}
    return words[0][:1].isupper() and all(w[:1].isupper() or w in particles for w in words)


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


def find_speakers(blocks: list[Block], context: str) -> dict[str, str]:
    """Map label key -> canonical name for labels used as speakers.

    A label is a speaker when it opens at least two blocks (one of them prose
    or a question), or is a conventional Q/A label, or opens a block right
    next to another labelled block or right after a question (labels given on
    the first exchange only). A one-word label that is the first or last word
    of a longer speaker's name is that speaker; one found in full in the
    article ("McKelvey" -> "Jim McKelvey") takes the full name.
    """
    forms: dict[str, Counter[str]] = {}
    prose: Counter[str] = Counter()
    paired: set[str] = set()
    labs = [label_of(b) for b in blocks]
    for i, (block, lab) in enumerate(zip(blocks, labs)):
        if lab is None:
            continue
        key = label_key(lab.label)
        forms.setdefault(key, Counter())[lab.label] += 1
        prose[key] += not is_heading(block.text) or bool(QUESTION.search(block.text))
        if block.kind == "heading" or (not block.explicit and is_heading(block.text)):
            continue  # a heading with a colon is no turn, whatever stands around it
        neighbours = [labs[j] for j in (i - 1, i + 1) if 0 <= j < len(labs)]
        if any(n is not None and label_key(n.label) != key for n in neighbours):
            paired.add(key)
        if i > 0 and labs[i - 1] is None and (blocks[i - 1].bold or QUESTION.search(blocks[i - 1].text)):
            paired.add(key)
    chosen = {key for key, c in forms.items()
              if (key in ROLE_LABELS and (key not in PARTNER or PARTNER[key] in forms))
              or (prose[key] and sum(c.values()) >= MIN_TURNS_PER_SPEAKER and any(f[:1].isupper() for f in c))
              or (prose[key] and key in paired and any(name_like(f) for f in c))}
    names = {key: _best_form(forms[key]) for key in chosen}
    # a one-word label naming part of a longer speaker's name is that speaker
    alias: dict[str, str] = {}
    for key in chosen:
        words = names[key].split()
        if len(words) == 1 and key not in ROLE_LABELS:
            for other in chosen:
                parts = [label_key(w) for w in names[other].split()]
                if other != key and len(parts) > 1 and key in (parts[0], parts[-1]):
                    alias[key] = other
    speakers = {key: names[alias.get(key, key)] for key in chosen}
    for key, name in list(speakers.items()):
        if len(name.split()) == 1 and key not in ROLE_LABELS and key not in alias:
            speakers[key] = full_name(name, context)
    return speakers


def _best_form(counter: Counter[str]) -> str:
    """The most frequent spelling; ties go to the one with capitals and spaces."""
    return display_name(max(counter.items(), key=lambda kv: (kv[1], sum(ch.isupper() for ch in kv[0]), kv[0].count(" ")))[0])


def full_name(name: str, context: str) -> str:
    """The full name a one-word label stands for, when the article gives exactly one.

    >>> full_name("McKelvey", "Q&A With Jim McKelvey, Cofounder of Square"), full_name("Anne", "Dieses Mal mit Anne Lück")
    ('Jim McKelvey', 'Anne Lück')
    >>> full_name("Sunshine", "A bookshelf full of sunshine")
    'Sunshine'
    """
    if not name[:1].isupper():
        return name
    n = re.escape(name)
    cap = r"[A-ZÀ-Ý][\w'’-]+"
    found = set(re.findall(rf"\b({cap} {n})\b", context)) | set(re.findall(rf"\b({n} {cap})\b", context))
    found = {f for f in found if not re.match(r"(The|A|An|Der|Die|Das|Mit|With|And|Und|Von|By|Mr|Mrs|Ms|Dr|Herr|Frau)\b", f)}
    return found.pop() if len(found) == 1 else name


def assign_roles(turns: list[Segment], asked: Counter[str] | None = None) -> dict[str, str]:
    """Role per speaker: the one who asks most is the interviewer, the one who
    talks most of the rest the expert, anyone further a guest."""
    asked = Counter(asked or {})
    count: Counter[str] = Counter()
    words: Counter[str] = Counter()
    order: list[str] = []
    for t in turns:
        if t.speaker not in order:
            order.append(t.speaker)
        count[t.speaker] += 1
        words[t.speaker] += len(t.text.split())
        asked[t.speaker] += bool(QUESTION.search(t.text))
    if not order:
        return {}
    forced = [s for s in order if ROLE_LABELS.get(label_key(s)) == "interviewer"]
    interviewer = forced[0] if forced else max(order, key=lambda s: (asked[s] / count[s], -order.index(s)))
    roles = {interviewer: "interviewer"}
    rest = sorted((s for s in order if s != interviewer), key=lambda s: -words[s])
    for i, s in enumerate(rest):
        roles[s] = "expert" if i == 0 else "guest"
    return roles


def segment(article: Article) -> Script:
    """Turn a cleaned Article into a Script of typed segments."""
    blocks = _split_bold_questions(_merge_label_blocks(list(article.blocks)))
    title = article.title or ""
    if not blocks:
        raise IngestError(f"{article.source}: no article text found; pass the full article")
    context = " ".join([title, *(b.text for b in blocks)])
    speakers = find_speakers(blocks, context)
    for key in list(speakers):  # "Q"/"A" name a role, not a person: name the people where the article does
        if ROLE_LABELS.get(key) == "interviewer":
            speakers[key] = _who_asks(article)
    for key in list(speakers):
        if ROLE_LABELS.get(key) == "expert":
            speakers[key] = _who_answers(article, next((v for k, v in speakers.items() if ROLE_LABELS.get(k) == "interviewer"), ""), blocks)
    segments: list[Segment] = [Segment(kind="title", text=title, section=None)]
    section: str | None = None
    asked_by_style: Counter[str] = Counter()
    # questions set as bold or headings stand for the questioner's label only where the page
    # does not label the questions (labels on the first exchange only, or none at all)
    labelled_questions = _labelled_questions(blocks, speakers)
    infer = labelled_questions < MIN_TURNS_PER_SPEAKER
    found = plan(blocks, article.language) if infer else None
    questioner, answerer = _unlabelled_speakers(article, blocks, speakers, found)
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
            section = block.text
            segments.append(Segment(kind="heading", text=block.text, section=section))
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


def _labelled_questions(blocks: list[Block], speakers: dict[str, str]) -> int:
    """How many labelled turns the labelled questioner has (0 with no labels)."""
    return _speaker_counts(blocks, speakers)[2]


def _speaker_counts(blocks: list[Block], speakers: dict[str, str]) -> tuple[str | None, str | None, int]:
    """The labelled questioner (most of whose turns ask), the labelled answerer, and the
    questioner's number of labelled turns."""
    asks: Counter[str] = Counter()
    says: Counter[str] = Counter()
    for b in blocks:
        lab = label_of(b)
        if lab is None or label_key(lab.label) not in speakers:
            continue
        name = speakers[label_key(lab.label)]
        says[name] += 1
        asks[name] += bool(QUESTION.search(lab.body)) or b.bold or ROLE_LABELS.get(label_key(lab.label)) == "interviewer"
        if ROLE_LABELS.get(label_key(lab.label)) == "expert":
            asks[name] -= 1
    names = list(says)
    questioner = max(names, key=lambda n: (asks[n] / says[n], -names.index(n))) if names else None
    if questioner is not None and asks[questioner] <= 0:
        questioner = None
    answerers = [n for n in names if n != questioner]
    answerer = max(answerers, key=lambda n: says[n]) if answerers else None
    labelled = says[questioner] if questioner is not None else 0
    return questioner, answerer, labelled


def _unlabelled_speakers(article: Article, blocks: list[Block], speakers: dict[str, str],
                         found: Plan | None) -> tuple[str, str]:
    """Who asks the unlabelled (bold, heading-styled or dashed) questions and who answers them.

    The labelled speaker whose turns are mostly questions asks; another answers.
    With no labelled questioner, the article's author or site asks; with no
    labelled answerer, the person the first question addresses or the title or
    introduction names answers.
    """
    questioner, answerer, _labelled = _speaker_counts(blocks, speakers)
    if questioner is None:
        questioner = _who_asks(article)
    if answerer is None:
        answerer = _who_answers(article, questioner, blocks, found)
    return questioner, answerer


def _who_asks(article: Article) -> str:
    """The byline's author, else a credit line's ("Das Gespräch führte …"), else the site."""
    author = (article.author or "").split(";")[0].strip()
    credit = next((c for b in reversed(article.blocks) if (c := credited(b.text))), "")
    return author or credit or article.site_name or "Interviewer"


def _who_answers(article: Article, questioner: str, blocks: list[Block], found: Plan | None = None) -> str:
    """The person the first question addresses, a bold lead, the title or the opening paragraph
    names (see :func:`interview.interviewee`); else 'Guest'."""
    if found is not None:
        intro = [b for b in blocks[:found.first] if b.kind == "paragraph"]
        address_ = found.address
    else:  # "Q:"/"P."-labelled questions: the first may address the person answering
        intro = [next((b for b in blocks if b.kind == "paragraph" and label_of(b) is None), Block("paragraph", ""))]
        asks = [lab.body for b in blocks if (lab := label_of(b)) is not None and ROLE_LABELS.get(label_key(lab.label)) == "interviewer"]
        address_ = address(asks[0]) if asks else ""
    if article.description:
        intro = [*intro, Block("paragraph", article.description)]
    text = " ".join([article.title or "", article.description or "", *(b.text for b in blocks)])
    return interviewee(article.title or "", intro, address_, questioner, text, article.language)
