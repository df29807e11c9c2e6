"""interview: question-and-answer pages nobody labelled — which blocks are the questioner's
turns, whether the page really is an interview, and who is speaking.

Styles, found from typography alone (any language): questions set in **bold** or *italics*
with plain answers; questions set as headings (``<h3>``) with plain answers; questions opened by
a dash ("—¿Por qué …?", "— Как …?") with plain answers; dash-led turns for both people
(alternating); plain questions with dash-marked answers. In every style the questioner may state
instead of ask ("The film opened to mixed reviews.") — the style, not the question mark, makes a
turn. Precision comes first: a page becomes an interview only with three exchanges or more, most
of the questioner's turns real questions, and answers spoken in the first person while the
questions are not (a FAQ asks "How do I …?" and answers "You can …"; an explainer's "Why does it
matter?" is answered in the third person). A direct address in the first question
("Herr Schulte, …") is evidence too.

Who speaks: the interviewee from a direct address in the first question, a bold lead
("Jane Doe, chief economist at …"), the title or the opening paragraph; the interviewer from the
byline or the site (see ``segment``). Stage directions ("(lacht)", "[laughs]") are not read:
they are cut from the turn and listed under ``removed``.

Pure: blocks in, a :class:`Plan` out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..core.models import Block
from ..core.words import FULL_STOPS, QUESTION_MARKS, word_count

#: A heading is short and does not end like a sentence ('?' is allowed).
HEADING_MAX_WORDS = 14
HEADING_MAX_CHARS = 120
#: ... (a full stop, a clause mark, or a question closed by a quote; "?" alone may end a heading).
SENTENCE_CLOSE = re.compile(r"(?:[.!,;:…।。！，；：]|[.!?,।。！？][\"”’)」』])$")


def is_heading(text: str) -> bool:
    """A short line that does not end like a sentence.

    >>> is_heading("Russia Stands Firm"), is_heading("EU’s Defense Package: Turning Point for European Security?")
    (True, True)
    >>> is_heading("He added that the UK is continuing."), is_heading("Drone Deal: A new deal")
    (False, True)
    >>> is_heading("Understanding the “Coalition of the Willing”"), is_heading("He said “no.”")
    (True, False)
    >>> is_heading("मंत्री: अगले महीने से यह योजना लागू होगी।"), is_heading("महंगाई पर नई योजना")
    (False, True)
    >>> is_heading("日銀、政策金利を0.5%に引き上げ"), is_heading("日本銀行は19日、政策金利を引き上げると発表した。")
    (True, False)
    """
    return (word_count(text) <= HEADING_MAX_WORDS and len(text) <= HEADING_MAX_CHARS
            and not SENTENCE_CLOSE.search(text))


#: The fewest exchanges (a question and its answer) that make an unlabelled interview.
MIN_EXCHANGES = 3
#: Of the questioner's turns, at least this share ends with a question mark.
MIN_ASKED = 0.5
#: Of the answers, at least this share speaks in the first person ("I", "we", "ich", "мы" …).
MIN_FIRST_PERSON = 0.4
#: A FAQ: at least this share of the questions says "I" ("How do I …?").
FAQ_FIRST_PERSON = 0.5
#: Answers run a few paragraphs: an article whose question-headings each open a long section
#: (an explainer, a blog post) has a median above this many blocks per answer.
MAX_ANSWER_BLOCKS = 5
#: Quoted speech, left out when judging who speaks (a news story quotes people saying "I").
QUOTED_SPEECH = re.compile(r"“[^”“]*”|\"[^\"]*\"|„[^“”„]*[“”]|«[^»«]*»|‹[^›]*›")
OPEN_QUOTE = re.compile(r"[“„«\"].*$", re.S)

QUESTION = re.compile(rf"[{QUESTION_MARKS}][\"”’»)」』]?\s*$")
PULL_QUOTE = re.compile(r"^[\"“„«‘].*[\"”“»’][.!?]?$", re.S)
SENTENCE_END = re.compile(rf"[{FULL_STOPS}][\"”’»)」』]?\s*$")
#: A turn opened by a dash: em dash, en dash, horizontal bar (no space needed), or a spaced hyphen.
DASH = re.compile(r"^(?:[—–―]\s*|-\s+)(?=\S)")
DASH_MARKERS = ("–", "—", "―")

#: Pronouns per language: (first person, first person singular, second person), lowercase words.
#: German's polite "Sie"/"Ihnen" is matched with its capital (not first word), see ``_second``.
PRONOUNS: dict[str, tuple[str, str, str]] = {
    "en": ("i me my mine myself we us our ours ourselves", "i me my mine myself",
           "you your yours yourself yourselves"),
    "de": ("ich mich mir mein meine meinen meinem meiner meines wir uns unser unsere unseren unserem unserer",
           "ich mich mir mein meine meinen meinem meiner meines", "du dich dir dein deine deinen euch euer eure"),
    # Spanish, Portuguese and Italian drop the pronoun: the commonest verbs only the speaker says count too
    "es": ("yo me mí mi mis conmigo nosotros nosotras nos nuestro nuestra nuestros nuestras "
           "creo pienso tengo estoy soy quiero puedo hice fui tuve estuve he hemos somos tenemos estamos creemos recuerdo sé",
           "yo me mí mi mis conmigo", "usted ustedes tú tu tus te ti contigo vosotros vosotras os vuestro vuestra "
           "has eres estás tienes puedes crees sabes quieres"),
    "pt": ("eu me mim meu minha meus minhas comigo nós nos nosso nossa nossos nossas conosco "
           "acho penso tenho estou sou quero posso fiz fui tive sei temos somos estamos achamos",
           "eu me mim meu minha meus minhas comigo",
           "você vocês senhor senhora tu te ti teu tua teus tuas contigo"),
    "fr": ("je j me m moi mon ma mes nous notre nos", "je j me m moi mon ma mes",
           "vous votre vos tu te t toi ton ta tes"),
    "it": ("io me mi mio mia miei mie noi ci nostro nostra nostri nostre credo penso ho abbiamo siamo",
           "io me mi mio mia miei mie",
           "lei tu te ti tuo tua tuoi tue voi vi vostro vostra"),
    "nl": ("ik me mij mijn wij we ons onze", "ik me mij mijn", "u uw jij je jou jouw jullie"),
    "ru": ("я меня мне мной мой моя моё мое мои моих мы нас нам нами наш наша наше наши наших",
           "я меня мне мной мой моя моё мое мои моих",
           "вы вас вам вами ваш ваша ваше ваши ваших ты тебя тебе тобой твой твоя твоё твои"),
}
_PRONOUNS: dict[str, tuple[frozenset[str], frozenset[str], frozenset[str]]] = {
    lang: (frozenset(row[0].split()), frozenset(row[1].split()), frozenset(row[2].split())) for lang, row in PRONOUNS.items()}
POLITE = {"de": frozenset("Sie Ihnen Ihr Ihre Ihren Ihrem Ihrer Ihres".split())}

#: Forms of address before a name at the start of a question ("Herr Schulte, …", "Ms Doe, …").
HONORIFICS = frozenset(
    "herr frau mr mr. mrs mrs. ms ms. dr dr. prof prof. professor professorin señor señora señorita sr sr. sra sra. "
    "don doña senhor senhora sr.ª dona monsieur madame mme mme. m. signor signora sig. sig.ra".split())
#: Words that open a sentence with a comma but name nobody ("Also, …", "Bueno, …").
NOT_NAMES = frozenset(
    "also so well now and but then okay ok yes no still first finally und aber also nun gut ja nein doch "
    "bueno pues entonces y pero sí bem então e mas sim ну итак а но да нет хорошо alors et mais oui non".split())

#: Stage directions, by their first word, in brackets: "(lacht)", "[laughs]", "(risas)", "(смеется)".
STAGE_WORDS = frozenset(
    "laughs laughing laughter laugh chuckles chuckling smiles smiling sighs pauses pause applause crosstalk "
    "inaudible lacht lachen lächelt schmunzelt seufzt überlegt zögert pause beifall applaus "
    "risas ríe rie sonríe suspira pausa aplausos risos ri sorri suspira "
    "rires rit sourit soupire applaudissements ride ridendo sorride "
    "смеется смеётся смех улыбается вздыхает пауза аплодисменты".split())
STAGE = re.compile(r"\s?[(\[]\s*(?P<first>[^\W\d_]+)(?:\s+[^\W\d_]+){0,2}\s*[)\]]", re.I)


@dataclass(frozen=True)
class Plan:
    """An unlabelled interview found in a list of blocks (indices into that list)."""

    style: str
    """``bold``, ``italic``, ``heading``, ``dash`` (dashed questions), ``dash-turns`` (both
    dashed, alternating) or ``dash-answer`` (plain questions, dashed answers)."""
    questions: frozenset[int]
    """Blocks that are the questioner's turns."""
    answers: frozenset[int]
    """Blocks that open an answer by their own mark (dash styles)."""
    first: int
    """The first question: blocks before it are the narrator's introduction."""
    last: int
    """The last block of the last answer: emphasised paragraphs after it are the narrator's."""
    address: str = ""
    """A name the first question addresses ("Herr Schulte", "Ирина Викторовна"), if any."""


#: The word "interview" (and "conversation") in the languages above: after the last answer, a line
#: speaking of the interview is about it, not part of it ("This interview has been edited …",
#: "Das Gespräch führte Lena Berg.").
INTERVIEW_WORDS = re.compile(
    r"\b(interview\w*|q&a|conversation|gespräch\w*|entrevista\w*|entretien\w*|intervista\w*|"
    r"интервью|беседовал\w*|conversa)\b", re.I)


def about_the_interview(text: str) -> bool:
    """A short line about the interview itself, not a turn of it.

    >>> about_the_interview("This interview has been edited for length and clarity."), about_the_interview("Das Gespräch führte Lena Berg.")
    (True, True)
    >>> about_the_interview("I never give interviews before noon, and I am not sorry about it at all, believe me, never.")
    False
    """
    return len(text.split()) <= 25 and bool(INTERVIEW_WORDS.search(text)) and not re.search(
        r"\b(i|ich|yo|eu|je|я)\b", text, re.I)


def dash_text(block: Block) -> str | None:
    """The text of a block opened by a dash (the mark removed), else None.

    >>> dash_text(Block("paragraph", "—¿Por qué?")), dash_text(Block("paragraph", "- Yes.")), dash_text(Block("paragraph", "-5 C"))
    ('¿Por qué?', 'Yes.', None)
    """
    if block.kind == "bullet" and block.marker in DASH_MARKERS:
        return block.text
    m = DASH.match(block.text) if block.kind == "paragraph" else None
    return block.text[m.end():] if m else None


def strip_stage(text: str) -> tuple[str, list[str]]:
    """Cut stage directions out of a turn; return the text and what was cut.

    >>> strip_stage("Wir prüfen vieles doppelt. (lacht) Das sage ich nicht gern.")
    ('Wir prüfen vieles doppelt. Das sage ich nicht gern.', ['(lacht)'])
    >>> strip_stage("It was a mistake [laughs]."), strip_stage("The party (CDU) and the year (2019) stay.")
    (('It was a mistake.', ['[laughs]']), ('The party (CDU) and the year (2019) stay.', []))
    """
    cut: list[str] = []

    def drop(m: re.Match) -> str:
        if m.group("first").lower() not in STAGE_WORDS:
            return m.group(0)
        cut.append(m.group(0).strip())
        return ""

    out = STAGE.sub(drop, text)
    return (re.sub(r"\s+([.,;:!?])", r"\1", re.sub(r"\s{2,}", " ", out)).strip(), cut) if cut else (text, cut)


def words(text: str) -> list[str]:
    """Lowercase words, abbreviations left out ("the US" says no "us").

    >>> words("Let us see the US data, I said.")
    ['let', 'us', 'see', 'the', 'data', 'i', 'said']
    """
    return [w.lower() for w in re.findall(r"[^\W\d_]+", text) if len(w) == 1 or not w.isupper()]


def unquoted(text: str) -> str:
    """A paragraph without the speech it quotes (a quote left open runs to the paragraph's end,
    as a quote continued in the next paragraph is written).

    >>> unquoted('He said: "I agree," and left. Ms Persson said: “I would like to')
    'He said:   and left. Ms Persson said:  '
    """
    return OPEN_QUOTE.sub(" ", QUOTED_SPEECH.sub(" ", text))


def pronouns(language: str | None) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """The language's (first person, first person singular, second person) words (English's when unknown)."""
    return _PRONOUNS.get((language or "en")[:2].lower(), _PRONOUNS["en"])


def _second(text: str, language: str | None) -> bool:
    polite = POLITE.get((language or "")[:2].lower(), frozenset())
    if polite and any(w in polite for w in re.findall(r"[^\W\d_]+", text)[1:]):
        return True
    return bool(set(words(text)) & pronouns(language)[2])


@dataclass(frozen=True)
class Exchange:
    question: tuple[int, ...]
    answer: tuple[int, ...]


def _exchanges(blocks: list[Block], asks: list[bool]) -> list[Exchange]:
    """Questions (runs of blocks in the questioner's style) and the prose after each, from the
    first real question on; a question with nothing after it ends the list."""
    start = next((i for i, b in enumerate(blocks) if asks[i] and QUESTION.search(b.text)), None)
    if start is None:
        return []
    out: list[Exchange] = []
    question: list[int] = []
    answer: list[int] = []
    for i in range(start, len(blocks)):
        if asks[i]:
            if answer:
                out.append(Exchange(tuple(question), tuple(answer)))
                question, answer = [], []
            question.append(i)
        elif blocks[i].kind in ("paragraph", "quote", "bullet") and question:
            answer.append(i)
    if question and answer:
        out.append(Exchange(tuple(question), tuple(answer)))
    return out


def _candidates(blocks: list[Block]) -> dict[str, list[bool]]:
    """Per style: which blocks are set like the questioner's turns."""
    dashed = [dash_text(b) is not None for b in blocks]
    quoted = [bool(PULL_QUOTE.match(b.text)) for b in blocks]  # a pull quote is set apart too, but asks nothing
    said = [bool(QUESTION.search(b.text) or SENTENCE_END.search(b.text)) for b in blocks]  # not a subhead
    styles = {
        "bold": [b.kind == "paragraph" and b.bold and b.explicit and not q and t for b, q, t in zip(blocks, quoted, said)],
        "italic": [b.kind == "paragraph" and b.italic and not b.bold and b.explicit and not q and t
                   for b, q, t in zip(blocks, quoted, said)],
        "heading": [b.kind == "heading" and b.explicit and not q
                    and (bool(QUESTION.search(b.text)) or bool(SENTENCE_END.search(b.text))) for b, q in zip(blocks, quoted)],
        "dash": dashed,
        # plain paragraphs asking, each followed by a paragraph that does not: kept only with more
        # signals (see :func:`_plain_interview`)
        "plain": [b.kind == "paragraph" and not (b.bold or b.italic) and bool(QUESTION.search(b.text))
                  and word_count(b.text) <= PLAIN_QUESTION_MAX_WORDS and i + 1 < len(blocks)
                  and blocks[i + 1].kind == "paragraph" and not QUESTION.search(blocks[i + 1].text)
                  for i, b in enumerate(blocks)],
        # plain questions each answered by a dash-led block
        "dash-answer": [not d and bool(QUESTION.search(b.text)) and i + 1 < len(blocks) and dashed[i + 1]
                        for i, (b, d) in enumerate(zip(blocks, dashed))],
    }
    # dash-led turns for both people: the dashed blocks alternate, questions first
    first = next((i for i, b in enumerate(blocks) if dashed[i] and QUESTION.search(b.text)), None)
    turns = [False] * len(blocks)
    if first is not None:
        ask = True
        for i in range(first, len(blocks)):
            if dashed[i]:
                turns[i] = ask
                ask = not ask
    styles["dash-turns"] = turns
    return styles


#: A plain question is a short paragraph; answers run at least this many times longer (median).
PLAIN_QUESTION_MAX_WORDS = 40
PLAIN_ANSWER_RATIO = 2.0
#: An introduction that names the conversation ("spoke with", "sat down with", "hat mit … gesprochen").
CONVERSATION_WORDS = re.compile(
    r"\b(spoke|speaks|talked|talks|sat down|chatted) (with|to)\b|\binterview\w*|\bq&a\b|\bgespr(ä|o)ch\w*|\bsprach mit\b|"
    r"\bentrevist\w*|\bconvers\w*|\bhabló con\b|\bentretien\w*|\bs'est entretenu\w*|\bintervist\w*|\bha parlato con\b|"
    r"\bинтервью|\bбесед\w*|\bговорил\w* с\b", re.I)


def _plain_interview(blocks: list[Block], found: list[Exchange], questions: list[str], answers: list[str],
                     me: float, you: float) -> bool:
    """Plain questions and answers are an interview only with several signals together: answers
    much longer than the questions, the guest addressed by name in the first question or the
    introduction naming the conversation, and answers in the first person or questions in the
    second (an explainer asking itself "Why does it matter?" has the first, not the others)."""
    median = lambda xs: sorted(xs)[len(xs) // 2]  # noqa: E731 - a one-line helper
    longer = median([word_count(a) for a in answers]) >= PLAIN_ANSWER_RATIO * median([word_count(q) for q in questions])
    intro = " ".join(b.text for b in blocks[:found[0].question[0]])
    named = bool(address(questions[0])) or bool(CONVERSATION_WORDS.search(intro))
    return longer and named and (me >= MIN_FIRST_PERSON or you >= 0.5)


#: A question's own number or letter ("Frage 5:", "Question 2.", "Q3)"): furniture, not words to read.
NUMBERED = re.compile(r"^(?:q|f|p|frage|question|pregunta|pergunta|вопрос)\s*\d{0,2}\s*[:.)]\s+(?=\S)", re.I)


def turn_text(block: Block) -> str:
    """A questioner's block as read: without its dash or its question number.

    >>> turn_text(Block("heading", "Frage 5: Wird es so kommen?")), turn_text(Block("paragraph", "—¿Y ahora?"))
    ('Wird es so kommen?', '¿Y ahora?')
    """
    d = dash_text(block)
    text = d if d is not None else block.text
    m = NUMBERED.match(text)
    return text[m.end():] if m and re.search(r"\d", m.group(0)) or (m and block.kind == "heading") else text


def _text(blocks: list[Block], i: int) -> str:
    return turn_text(blocks[i])


def address(question: str) -> str:
    """The name a question opens by addressing, with its form of address, if any.

    >>> address("Herr Schulte, wie lange dauert das?"), address("¿Señora Fernández, por qué?")
    ('Herr Schulte', 'Señora Fernández')
    >>> address("Ирина Викторовна, когда откроют мост?"), address("Also, what now?"), address("Why, then?")
    ('Ирина Викторовна', '', '')
    """
    m = re.match(r"^[¿¡\"“„«]?\s*(?P<name>[^\W\d_][\w.'’-]*(?:\s+[^\W\d_][\w.'’-]*){0,2})\s*,", question)
    if not m:
        return ""
    parts = m.group("name").split()
    if parts[0].lower() in NOT_NAMES or not all(p[:1].isupper() for p in parts):
        return ""
    if parts[0].lower() in HONORIFICS and len(parts) > 1:
        return m.group("name")
    return m.group("name") if len(parts) >= 2 else ""


def plan(blocks: list[Block], language: str | None) -> Plan | None:
    """The unlabelled interview in these blocks, or None when they are not one.

    >>> b = [Block("paragraph", t, bold=t.endswith("?"), explicit=True) for t in (
    ...     "Why now?", "Because I was ready.", "Was it hard?", "We had no money.", "And next?", "My own firm.")]
    >>> p = plan(b, "en"); (p.style, sorted(p.questions), p.first, p.last)
    ('bold', [0, 2, 4], 0, 5)
    >>> faq = [Block("heading", t, explicit=True) if t.endswith("?") else Block("paragraph", t, explicit=True) for t in (
    ...     "How do I apply?", "You apply online.", "Can I pay later?", "Yes, we allow it.", "What if I move?", "Tell us.")]
    >>> plan(faq, "en") is None
    True
    """
    first, first_sing, _second_words = pronouns(language)
    best: tuple[int, str, list[Exchange]] | None = None
    for style, asks in _candidates(blocks).items():
        found = _exchanges(blocks, asks)
        if len(found) < MIN_EXCHANGES:
            continue
        if sorted(len(e.answer) for e in found)[len(found) // 2] > MAX_ANSWER_BLOCKS:
            continue
        questions = [" ".join(_text(blocks, i) for i in e.question) for e in found]
        answers = [" ".join(unquoted(_text(blocks, i)) for i in e.answer) for e in found]
        asked = sum(bool(QUESTION.search(q)) for q in questions) / len(found)
        me = sum(bool(set(words(a)) & first) for a in answers) / len(found)
        faq = sum(bool(set(words(q)) & first_sing) for q in questions) / len(found)
        you = sum(_second(q, language) for q in questions) / len(found)
        named = bool(address(questions[0]))
        dashes = style.startswith("dash")
        personal = me >= MIN_FIRST_PERSON or (me >= MIN_FIRST_PERSON / 2 and (you >= 0.4 or named or dashes))
        if asked < MIN_ASKED or faq >= FAQ_FIRST_PERSON or not personal:
            continue
        if style == "plain" and not _plain_interview(blocks, found, questions, answers, me, you):
            continue
        if style == "dash-turns" and sum(bool(QUESTION.search(a)) for a in answers) > len(found) / 3:
            continue  # the dashed blocks do not alternate question, answer
        if best is None or len(found) > best[0]:
            best = (len(found), style, found)
    if best is None:
        return None
    _n, style, found = best
    opened = frozenset(e.answer[0] for e in found) if style in ("dash-turns", "dash-answer") else frozenset()
    return Plan(style=style, questions=frozenset(i for e in found for i in e.question), answers=opened,
                first=found[0].question[0], last=found[-1].answer[-1],
                address=address(" ".join(_text(blocks, i) for i in found[0].question)))


