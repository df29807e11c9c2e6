"""speakers: who is speaking in an interview — speaker labels as written ("Dr.Anya Petrova:",
"archyde news:", "Q:"/"A:", "P."/"R.", bold names, ALL-CAPS names, a surname-only label for a
speaker named in full elsewhere), the roles (the one who asks most interviews), and the names of
people nobody labelled: the interviewee from a direct address in the first question (in full
where the introduction gives the full name), a bold lead ("Jane Doe, chief economist at …"), the
title or the introduction; the interviewer from the byline, a credit line ("Das Gespräch führte
…") or the site.

Not speakers: bullet lead-ins, headings with a colon, captions, "RELATED:", "Photo:",
"Update:" lines, and salutations ("DEAR ABBY:").

Pure: blocks in, names out.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..read.furniture import NOT_SPEAKERS
from .interview import QUESTION, Plan, address, is_heading
from .names import credited, interviewee
from ..core.models import Article, Block, Role, Segment
from ..core.words import capitalised

#: A speaker label at the start of a block: "Archyde News: …", "Dr.Anya Petrova:…", "Q: …", "Q. …",
#: also in scripts with combining vowel signs ("पत्रकार: …") and with the full-width colon ("记者：…").
LABEL = re.compile(r"^(?P<label>[^\W\d_][\w.'’\- \u0300-\u036f\u0900-\u0dff]{0,40}?|[QAPRF])\s*"
                   r"(?:[:：]|(?<=^[QAPRF])\.)\s*(?P<body>\S.*)?$", re.S)


#: Labels that always mean the interviewer or the interviewee, whatever the count: question and
#: answer in English, German (F/A), Spanish and Portuguese (P/R, "P." / "R." in El País style), Russian.
ROLE_LABELS = {"q": "interviewer", "question": "interviewer", "interviewer": "interviewer", "frage": "interviewer",
               "a": "expert", "answer": "expert", "antwort": "expert",
               "p": "interviewer", "f": "interviewer", "r": "expert", "pregunta": "interviewer",
               "pergunta": "interviewer", "вопрос": "interviewer", "respuesta": "expert", "resposta": "expert",
               "ответ": "expert"}


#: One-letter role labels that count only beside their partner ("R. Kelly said" is no answer).
PARTNER = {"p": "r", "r": "p", "f": "a"}




MIN_TURNS_PER_SPEAKER = 2


def label_key(label: str) -> str:
    """Compare labels ignoring case, spaces and punctuation.

    >>> label_key("Dr.Anya Petrova") == label_key("dr. anya  petrova")
    True
    """
    return re.sub(r"[\W_]", "", label.lower())


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
    return capitalised(words[0]) and all(capitalised(w) or w in particles for w in words)


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
              or (prose[key] and sum(c.values()) >= MIN_TURNS_PER_SPEAKER and any(capitalised(f) for f in c))
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


def assign_roles(turns: list[Segment], asked: Counter[str] | None = None) -> dict[str, Role]:
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
    roles: dict[str, Role] = {interviewer: "interviewer"}
    rest = sorted((s for s in order if s != interviewer), key=lambda s: -words[s])
    for i, s in enumerate(rest):
        roles[s] = "expert" if i == 0 else "guest"
    return roles


def speaker_counts(blocks: list[Block], speakers: dict[str, str]) -> tuple[str | None, str | None, int]:
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


def unlabelled_speakers(article: Article, blocks: list[Block], counts: tuple[str | None, str | None, int],
                         found: Plan | None) -> tuple[str, str]:
    """Who asks the unlabelled (bold, heading-styled or dashed) questions and who answers them.

    The labelled speaker whose turns are mostly questions asks; another answers.
    With no labelled questioner, the article's author or site asks; with no
    labelled answerer, the person the first question addresses or the title or
    introduction names answers. ``counts``: :func:`speaker_counts`.
    """
    questioner, answerer, _labelled = counts
    if questioner is None:
        questioner = who_asks(article)
    if answerer is None:
        answerer = who_answers(article, questioner, blocks, found)
    return questioner, answerer


#: Who asks when the article names nobody, in its language (said in the transition and transcript).
INTERVIEWER = {"en": "Interviewer", "de": "Interviewer", "es": "Entrevistador", "pt": "Entrevistador", "fr": "Journaliste",
               "it": "Intervistatore", "nl": "Interviewer", "ru": "Корреспондент", "hi": "पत्रकार", "zh": "记者", "ja": "記者"}


def who_asks(article: Article) -> str:
    """The byline's author, else a credit line's ("Das Gespräch führte …"), else the site, else
    the interviewer named in the article's language."""
    author = (article.author or "").split(";")[0].strip()
    credit = next((c for b in reversed(article.blocks) if (c := credited(b.text))), "")
    language = (article.language or "en").split("-")[0].lower()
    return author or credit or article.site_name or INTERVIEWER.get(language, "Interviewer")


def who_answers(article: Article, questioner: str, blocks: list[Block], found: Plan | None = None) -> str:
    """The person the first question addresses, a bold lead, the title or the opening paragraph
    names (see :func:`names.interviewee`); else 'Guest'."""
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


