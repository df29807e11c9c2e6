"""htmlblocks: the blocks of an HTML article as trafilatura's XML gives them — paragraphs,
headings, list items, quotes, with their bold lead, bold/italic flags and link share — and, per
block type, what an episode reads:

- a **code listing** (a block-level ``<code>``, a preformatted block) is not read: a short note
  in the article's language says one is left out, and its first line is listed under ``removed``;
- a **table** of data is read row by row as sentences ("Name: Ann; Score: 3.") when it is small
  (up to TABLE_MAX_ROWS rows and TABLE_MAX_CELLS cells) or when it is the article itself (more
  words than the rest of the page's text: a standings page); another large one is left out with
  a note and listed; a layout table (a cell holding prose) is read cell by cell as paragraphs;
- **figure captions** are not read (trafilatura leaves figures out; parse lists them as dropped);
- a **link bar** of bracketed items ("[ Docs ] [ txt | pdf ]") is not read, and is listed.

Pure: a page's HTML in, blocks, metadata and what was left out out.
"""

from __future__ import annotations

import re
from typing import Any, Iterator

from ..core.errors import IngestError
from .language import detect_language
from ..core.models import Block, BlockKind

#: trafilatura's XML elements that hold blocks of text (tables and code are decided apart).
HTML_BLOCKS: dict[str, BlockKind] = {"p": "paragraph", "head": "heading", "item": "bullet", "quote": "quote"}
#: Blocks whose tail is loose text of its own; an inline element's tail (bold, a link, a line
#: break) is read with the block around it.
LOOSE_AFTER = {"p", "head", "list", "quote", "table", "code", "div"}
TABLE_MAX_ROWS = 10
TABLE_MAX_CELLS = 40
#: A table with more words than the rest of the article is what the page is (a standings or
#: results page): it is read whole, up to this many rows.
TABLE_WHOLE_MAX_ROWS = 100
#: A table cell with this many words is prose: the table only lays the page out.
LAYOUT_CELL_WORDS = 20
#: A line made only of bracketed link labels and bars: two brackets or more, or one holding a bar
#: or nothing ("[ ] [ | ]", "[Docs] [txt|pdf]"); one bracketed source or citation is words.
LINK_BAR = re.compile(r"^(?:\s*\[[^\[\]]{0,40}\]\s*[|·•]?){2,}$|^\s*\[[^\[\]]{0,40}\|[^\[\]]{0,40}\]\s*$|^\s*\[\s*\]\s*$")
#: What the listener hears where something is left out, by language (English when not listed).
NOTES = {
    "code": {"en": "A code listing is left out.", "de": "Ein Programmcode wird hier ausgelassen.",
             "es": "Aquí se omite un listado de código.", "pt": "Aqui é omitida uma listagem de código.",
             "fr": "Un listing de code est omis ici.", "it": "Qui si omette un listato di codice.",
             "nl": "Hier is een codevoorbeeld weggelaten.", "ru": "Здесь пропущен листинг кода."},
    "table": {"en": "A table of {rows} rows is left out.", "de": "Eine Tabelle mit {rows} Zeilen wird ausgelassen.",
              "es": "Se omite una tabla de {rows} filas.", "pt": "É omitida uma tabela de {rows} linhas.",
              "fr": "Un tableau de {rows} lignes est omis.", "it": "Si omette una tabella di {rows} righe.",
              "nl": "Een tabel van {rows} rijen is weggelaten.", "ru": "Таблица из {rows} строк пропущена."},
}


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def link_bar(text: str) -> bool:
    """A bar of bracketed links, not words.

    >>> link_bar("[ Docs ] [ txt | pdf ]"), link_bar("[ ] [ | ]"), link_bar("[txt|pdf]"), link_bar("[ Engadget ]")
    (True, True, True, False)
    """
    return bool(LINK_BAR.match(text))


def note(kind: str, language: str | None, **fields: object) -> Block:
    """The spoken note for something left out.

    >>> note("table", "de-DE", rows=12).text, note("code", None).text
    ('Eine Tabelle mit 12 Zeilen wird ausgelassen.', 'A code listing is left out.')
    """
    table = NOTES[kind]
    text = table.get((language or "en")[:2].lower(), table["en"]).format(**fields)
    return Block(kind="paragraph", text=text, explicit=True)


def table_blocks(rows: list[list[str]], header: list[str] | None, language: str | None,
                 whole: bool = False) -> tuple[list[Block], list[str]]:
    """A table as the listener hears it, and what is left out (``whole``: the table is the
    article, read up to TABLE_WHOLE_MAX_ROWS rows).

    >>> blocks, left = table_blocks([["Ann", "3"], ["Name", "Score"], ["Bob", "5"]], ["Name", "Score"], "en")
    >>> [b.text for b in blocks], left
    (['Name: Ann; Score: 3.', 'Name: Bob; Score: 5.'], [])
    >>> blocks, left = table_blocks([[str(i), "x"] for i in range(12)], None, "en")
    >>> [b.text for b in blocks], left
    (['A table of 12 rows is left out.'], ['table: 0 | x'])
    >>> len(table_blocks([[str(i), "x"] for i in range(12)], None, "en", whole=True)[0])
    12
    """
    rows = [r for r in rows if any(c for c in r) and r != header]  # a header row repeated down the table is no data
    if not rows:
        return [], []
    if any(len(c.split()) >= LAYOUT_CELL_WORDS for r in rows for c in r):  # a layout table: its cells are prose
        return [Block(kind="paragraph", text=c, explicit=True) for r in rows for c in r if c], []
    width = max(len(r) for r in rows)
    if (len(rows) > TABLE_WHOLE_MAX_ROWS if whole else len(rows) > TABLE_MAX_ROWS or len(rows) * width > TABLE_MAX_CELLS):
        return [note("table", language, rows=len(rows))], ["table: " + " | ".join(rows[0])]
    out = []
    for r in rows:
        if header and len(header) == len(r):
            text = "; ".join(f"{h}: {c}" if h else c for h, c in zip(header, r) if c)
        else:
            text = ", ".join(c for c in r if c)
        out.append(Block(kind="paragraph", text=text.rstrip(".") + ".", explicit=True))
    return out, []


def _table(el, language: str | None, whole: bool) -> tuple[list[Block], list[str]]:  # noqa: ANN001 - el: lxml element
    rows: list[list[str]] = []
    header: list[str] | None = None
    for row in el.iter("row"):
        cells = [squash("".join(c.itertext())) for c in row.iter("cell")]
        if header is None and not rows and all(c.get("role") == "head" for c in row.iter("cell")) and cells:
            header = cells
            continue
        rows.append(cells)
    if header is None and rows and unmarked_header(rows):
        header, rows = rows[0], rows[1:]
    return table_blocks(rows, header, language, whole)


NUMERIC_CELL = re.compile(r"^[-+−]?[\d.,:%]+\.?$")


def unmarked_header(rows: list[list[str]]) -> bool:
    """The first row names the columns though the page does not mark it as a header: none of its
    cells is a number, while most later rows hold one.

    >>> unmarked_header([["Pos.", "Driver", "Top 5"], ["1", "Kyle Busch", "17"], ["2", "Martin Truex Jr.", "15"]])
    True
    >>> unmarked_header([["Ann", "Paris"], ["Bob", "Rome"], ["Cy", "Oslo"]]), unmarked_header([["1", "a"], ["2", "b"]])
    (False, False)
    """
    first, rest = rows[0], rows[1:]
    numeric = sum(any(NUMERIC_CELL.match(c) for c in r) for r in rest)
    return (len(rest) >= 2 and all(first) and not any(NUMERIC_CELL.match(c) for c in first)
            and numeric >= 0.5 * len(rest) and all(len(r) == len(first) for r in rest[:3]))


def _words(el) -> int:  # noqa: ANN001 - an lxml element
    return len(" ".join(el.itertext()).split())


def _element_blocks(el: Any, kind: BlockKind) -> Iterator[Block]:  # el: an lxml element
    """Blocks of one trafilatura XML element; a paragraph is split at its line breaks."""
    lines: list[list[tuple[str, bool]]] = [[]]
    linked: list[list[str]] = [[]]
    upright: list[list[str]] = [[]]  # text not in italics, per line

    def walk(node: Any, bold: bool, link: bool = False, italic: bool = False) -> None:
        def add(text: str) -> None:
            lines[-1].append((text, bold))
            if link:
                linked[-1].append(text)
            if not italic:
                upright[-1].append(text)

        if node.text:
            add(node.text)
        for child in node:
            if child.tag == "lb":
                lines.append([])
                linked.append([])
                upright.append([])
            elif child.tag in ("list", "quote", "table"):
                pass  # nested structures are walked on their own
            else:
                rend = (child.get("rend") or "") if child.tag == "hi" else ""
                walk(child, bold or "#b" in rend, link or child.tag == "ref", italic or "#i" in rend)
            if child.tag == "cell":
                lines[-1].append((" ", bold))
            if child.tail:
                add(child.tail)

    walk(el, False)
    for runs, links, plain in zip(lines, linked, upright):
        text = squash("".join(t for t, _ in runs))
        if not text:
            continue
        lead_runs: list[str] = []
        for t, b in runs:
            if not t.strip() and not lead_runs:
                continue
            if not b:
                break
            lead_runs.append(t)
        lead = squash("".join(lead_runs))
        link_share = len(squash("".join(links))) / len(text)
        bold = bool(lead) and text.startswith(lead) and not re.search(r"\w", text[len(lead):])  # "<b>Why</b>?" too
        yield Block(kind=kind, text=text, lead=lead, bold=bold, explicit=True, link_share=round(min(1.0, link_share), 2),
                    italic=not squash("".join(plain)))



def _year_only(date: str, html: str) -> bool:
    """A date that is only a year found on the page, dated 1 January by the extractor.

    >>> _year_only("2026-01-01", "<footer>© 2026 Maker Notes</footer>"), _year_only("2026-01-01", '<time>2026-01-01</time>')
    (True, False)
    """
    m = re.fullmatch(r"(\d{4})-01-01", date)
    if not m:
        return False
    year = m.group(1)
    return not re.search(rf"{year}-0?1-0?1|0?1[./]0?1[./]{year}|January 0?1\b|\b0?1\.? (?:January|Jan|Januar|janvier|enero|janeiro|gennaio)|Jan\.? 0?1\b", html)


def html_blocks(html: str, source: str, language: str | None = None
                ) -> tuple[tuple[Block, ...], dict[str, str | None], list[str]]:
    """HTML: the article's blocks as trafilatura finds them, the page's metadata, and what is left
    out by block type (code listings, large tables, link bars)."""
    try:
        import trafilatura
        from lxml import etree
    except ImportError as exc:
        raise IngestError(f"{source}: reading HTML needs trafilatura ({exc}); run: pip install trafilatura lxml_html_clean") from None
    xml = trafilatura.extract(html, output_format="xml", include_comments=False, include_formatting=True,
                              include_links=True, include_images=False, with_metadata=True,
                              favor_precision=False, deduplicate=False)
    if not xml:
        return (), {}, []
    doc = etree.fromstring(xml.encode("utf-8"))
    meta = {key: (doc.get(attr) or None) for key, attr in
            (("title", "title"), ("author", "author"), ("date", "date"), ("site_name", "sitename"), ("url", "url"),
             ("description", "description"))}
    if meta["date"] and _year_only(meta["date"], html):
        meta["date"] = None  # "© 2026" in a footer is no publication date (trafilatura makes it 1 January)
    main = doc.find("main")
    if language is None and main is not None:
        language = detect_language(" ".join(main.itertext()))
    blocks: list[Block] = []
    left: list[str] = []
    total = _words(main) if main is not None else 0
    if main is not None and main.text and main.text.strip():
        blocks.append(Block(kind="paragraph", text=squash(main.text), explicit=True))
    # a table whose cells hold paragraphs and headings lays the page out: its blocks are read as blocks
    layout = {t for t in (main.iter("table") if main is not None else ()) if t.xpath("./row/cell/*[self::p or self::head or self::list]")}
    for el in (main.iter() if main is not None else ()):
        parent = el.getparent()
        inside = next((a.tag for a in el.iterancestors() if a.tag == "code" or (a.tag == "table" and a not in layout)), None)
        if inside is not None or el in layout:
            continue  # read (or left out) with its table or listing; a layout table's cells come on their own
        if el.tag == "cell":  # a cell of a layout table
            if el.xpath("./p|./head|./list|./quote"):
                if el.text and el.text.strip():
                    blocks.append(Block(kind="paragraph", text=squash(el.text), explicit=True))
            else:
                blocks.extend(_element_blocks(el, "paragraph"))
        elif el.tag == "table":
            size = _words(el)
            found, dropped = _table(el, language, whole=size > total - size)
            blocks.extend(found)
            left.extend(dropped)
        elif el.tag == "code" and parent is not None and parent.tag in ("main", "div", "quote"):
            listing = (el.text or "") + "".join(el.itertext())
            if listing.strip():
                blocks.append(note("code", language))
                left.append("code: " + listing.strip().splitlines()[0][:120])
        else:
            kind = HTML_BLOCKS.get(el.tag)
            skip = (kind is None or (el.tag == "quote" and el.find("p") is not None)  # its paragraphs come on their own
                    or (el.tag in ("p", "head") and parent is not None and parent.tag == "item"))  # read with its item
            if not skip and kind is not None:
                if el.tag == "p" and parent is not None and parent.tag == "quote":
                    kind = "quote"
                for block in _element_blocks(el, kind):
                    if link_bar(block.text):
                        left.append(block.text)  # a bar of bracketed links: navigation, not words
                    else:
                        blocks.append(block)
        if (el.tail and el.tail.strip() and parent is not None and parent.tag in ("main", "quote", "div", "cell")
                and el.tag in LOOSE_AFTER):
            blocks.append(Block(kind="quote" if parent.tag == "quote" else "paragraph", text=squash(el.tail),
                                explicit=True))  # loose text after a block (trafilatura leaves it as a tail)
    return tuple(blocks), meta, left
