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

from .interview import HONORIFICS, INTERVIEW_WORDS, QUESTION, Plan, address, is_heading
from .models import Article, Block, Segment

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
    return words[0][:1].isupper() and all(w[:1].isupper() or w in particles for w in words)


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


def labelled_questions(blocks: list[Block], speakers: dict[str, str]) -> int:
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


def unlabelled_speakers(article: Article, blocks: list[Block], speakers: dict[str, str],
                         found: Plan | None) -> tuple[str, str]:
    """Who asks the unlabelled (bold, heading-styled or dashed) questions and who answers them.

    The labelled speaker whose turns are mostly questions asks; another answers.
    With no labelled questioner, the article's author or site asks; with no
    labelled answerer, the person the first question addresses or the title or
    introduction names answers.
    """
    questioner, answerer, _labelled = _speaker_counts(blocks, speakers)
    if questioner is None:
        questioner = who_asks(article)
    if answerer is None:
        answerer = who_answers(article, questioner, blocks, found)
    return questioner, answerer


def who_asks(article: Article) -> str:
    """The byline's author, else a credit line's ("Das Gespräch führte …"), else the site."""
    author = (article.author or "").split(";")[0].strip()
    credit = next((c for b in reversed(article.blocks) if (c := credited(b.text))), "")
    return author or credit or article.site_name or "Interviewer"


def who_answers(article: Article, questioner: str, blocks: list[Block], found: Plan | None = None) -> str:
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


#: A line that names the person answering is said to them (the questioner's "Thanks, Junior!"),
#: when it is this short.
ADDRESS_MAX_WORDS = 12


def addresses(text: str, person: str) -> bool:
    """Whether a short line speaks to this person by name.

    >>> addresses("Thanks Junior!", "Junior Gaspard"), addresses("Thank you, Dr. Petrova.", "Dr. Anya Petrova")
    (True, True)
    >>> addresses("Junior Gaspard", "Guest"), addresses("It was hard for all of us.", "Junior Gaspard")
    (False, False)
    """
    names = [w for w in re.findall(r"[^\W\d_][\w'’-]*", person) if w[0].isupper() and w.lower() not in HONORIFICS]
    if len(names) < 2 or len(text.split()) > ADDRESS_MAX_WORDS:
        return False
    return bool(set(re.findall(r"[^\W\d_][\w'’-]*", text)) & set(names))


#: A credit naming who asked ("Das Interview führte Lena Berg", "Interview by Jo Hart").
CREDIT = re.compile(r"(?:führte|führten|by|von|de|por|par|di|conducted by|беседовал[аи]?)\s+(?P<name>[^\W\d_][\w'’-]+(?:\s[^\W\d_][\w'’-]+){1,2})", re.I)


def credited(text: str) -> str:
    """The interviewer a credit line names, else "".

    >>> credited("Das Gespräch führte Lena Berg."), credited("Interview by Jo Hart, edited for length"), credited("Edited.")
    ('Lena Berg', 'Jo Hart', '')
    """
    m = CREDIT.search(text) if INTERVIEW_WORDS.search(text) else None
    return m.group("name") if m and all(w[0].isupper() for w in m.group("name").split()) else ""


#: Capitalised words that open a run but are not part of a name (articles, "Interview", "Q&A" …).
NOT_NAME_WORDS = frozenset(
    "the a an q&a how what why when who where leader interview interviews for in on at by with every "
    "mit im der die das ein eine und von zum zur el la los las un una entrevista con o os um uma do da "
    "le les une avec entretien il lo gli intervista het een de "
    # what people are called before their name at the start of a sentence ("Engineer Rosa Kellner on …")
    "engineer economist professor director minister president chancellor senator governor mayor author writer "
    "actor actress singer artist coach chef scientist researcher historian doctor judge chief executive founder "
    "cofounder co-founder activist journalist lawyer photographer filmmaker designer architect analyst expert "
    "teacher physicist biologist chemist psychologist sociologist economista ingeniera ingeniero doctora "
    "ministra ministro presidenta presidente escritora escritor".split())


def capitalised_runs(text: str) -> list[tuple[str, ...]]:
    """Runs of capitalised words (any script) joined by single spaces; particles join a run.

    >>> capitalised_runs("Der Stadtplaner Martin Schulte leitet das Amt, sagt Ursula von der Leyen.")
    [('Der', 'Stadtplaner', 'Martin', 'Schulte'), ('Amt',), ('Ursula', 'von', 'der', 'Leyen')]
    >>> capitalised_runs("Главный инженер Ирина Соколова рассказала")
    [('Главный',), ('Ирина', 'Соколова')]
    """
    particles = {"de", "da", "van", "von", "der", "den", "al", "bin", "la", "le", "di", "du", "dos", "das", "del"}
    runs: list[tuple[str, ...]] = []
    run: list[str] = []
    end = -1
    for m in re.finditer(r"[^\W\d_][\w'’-]*", text):
        w = m.group(0)
        joined = bool(run) and text[end:m.start()] == " "
        if w[0].isupper() or (joined and w in particles):
            if not joined and run:
                runs.append(tuple(run))
                run = []
            run.append(w)
        else:
            if run:
                runs.append(tuple(run))
            run = []
        end = m.end()
    if run:
        runs.append(tuple(run))
    return [tuple(r[: max(i for i, w in enumerate(r) if w[0].isupper()) + 1]) for r in runs]


def names_in(text: str, nouns_capitalised: bool = False, elsewhere: str = "") -> list[str]:
    """Two to four capitalised words that may be a person's name, a run's leading articles
    dropped. Where nouns are capitalised (German), a longer run keeps its last two words
    ("Stadtplaner Martin Schulte"). Given ``elsewhere``, a run keeps its longest part found there.

    >>> names_in("Der Stadtplaner Martin Schulte leitet das Amt. Ein Gespräch mit Ursula von der Leyen.", True)
    ['Martin Schulte', 'Ursula von der Leyen']
    >>> names_in("La ingeniera Marta Gil Ruiz dirige la obra.")
    ['Marta Gil Ruiz']
    >>> names_in("Introducing Junior Gaspard, New CEO", elsewhere="We welcome Junior Gaspard today.")
    ['Junior Gaspard', 'New CEO']
    """
    out = []
    for run in capitalised_runs(text):
        words_ = list(run)
        while words_ and words_[0].lower() in NOT_NAME_WORDS:
            words_.pop(0)
        caps = [w for w in words_ if w[0].isupper()]
        if len(caps) < 2 or len(words_) > 5:
            continue
        if elsewhere:  # the longest part of the run the article gives again ("Introducing Jo Gaspard")
            again = [words_[i:j] for i in range(len(words_)) for j in range(len(words_), i + 1, -1)
                     if words_[i][0].isupper() and words_[j - 1][0].isupper() and " ".join(words_[i:j]) in elsewhere]
            if again:
                out.append(" ".join(max(again, key=len)))
                continue
        if nouns_capitalised and len(caps) > 2 and len(words_) == len(caps):
            words_ = words_[-2:]
        out.append(" ".join(words_))
    return out


def _addressed(address_: str, intro_text: str) -> str:
    """The full name an address stands for ("Herr Schulte" -> "Martin Schulte", "Señora Gil" ->
    "Marta Gil Ruiz", "Ирина Викторовна" -> "Ирина Соколова"), from the introduction."""
    parts = [p for p in address_.split() if p.lower() not in HONORIFICS]
    for run in capitalised_runs(intro_text):
        if parts and parts[-1] in run and run.index(parts[-1]) > 0:
            return " ".join(run[run.index(parts[-1]) - 1:])  # the first name before the surname addressed
        if parts and len(parts) > 1 and run[0] == parts[0] and len(run) > 1 and run[1] != parts[1]:
            return " ".join(run[:2])  # a first name and patronymic addressed: the name with its surname
    return " ".join(parts) if len(parts) >= 2 else address_


def interviewee(title: str, intro: list[Block], address_: str, questioner: str, text: str,
                language: str | None = None) -> str:
    """Who answers an unlabelled interview: the person the first question addresses (in full
    where the introduction gives the full name), a bold lead naming them ("Jane Doe, chief
    economist at …"), a name the title gives and the article repeats, or the first name the
    introduction gives; else "Guest".

    >>> interviewee("„Wir müssen schneller bauen“", [Block("paragraph", "Der Planer Martin Schulte erklärt.")],
    ...             "Herr Schulte", "Lena Berg", "")
    'Martin Schulte'
    >>> interviewee("Rates", [Block("paragraph", "Jane Doe, chief economist at Northbank, warned.",
    ...             lead="Jane Doe, chief economist at Northbank")], "", "Harbour Review", "")
    'Jane Doe'
    """
    intro_text = " ".join([title, *(b.text for b in intro)])
    if address_:
        return _addressed(address_, intro_text)
    german = (language or "")[:2].lower() == "de"
    for block in intro:
        m = re.match(r"(?P<name>[^,(–—]+?)\s*(?:[,(–—]|$)", block.lead) if block.lead else None
        if m and m.group("name") in names_in(m.group("name"), german):
            return m.group("name")
    body = text.replace(title, " ", 1)
    for name in names_in(title, german, body):
        opens = re.match(rf"\W*{re.escape(name)}\s*[:,–—|]", title)  # "Lucía Fernández: «…»"
        if name not in questioner and (opens or name in body):
            return name  # in a title, only a name the article repeats or the title opens with
    for block in intro:
        for name in names_in(block.text, german):
            if name not in questioner:
                return name
    return "Guest"
