"""names: people's names where an article gives them — runs of capitalised words (any script),
the full name an address stands for ("Herr Schulte" -> "Martin Schulte"), the person a
question addresses, a credit line's interviewer ("Das Gespräch führte Lena Berg"). Pure.
"""

from __future__ import annotations

import re

from .interview import HONORIFICS, INTERVIEW_WORDS
from ..core.models import Block


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
        words_: list[str] = list(run)
        while words_ and words_[0].lower() in NOT_NAME_WORDS:
            words_.pop(0)
        caps = [w for w in words_ if w[0].isupper()]
        if len(caps) < 2 or len(words_) > 5:
            continue
        if elsewhere:  # the longest part of the run the article gives again ("Introducing Jo Gaspard")
            again: list[list[str]] = [words_[i:j] for i in range(len(words_)) for j in range(len(words_), i + 1, -1)
                     if words_[i][0].isupper() and words_[j - 1][0].isupper() and " ".join(words_[i:j]) in elsewhere]
            if again:
                longest = max(again, key=len)
                out.append(" ".join(longest))
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
