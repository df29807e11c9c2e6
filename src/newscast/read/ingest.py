"""ingest: read an input (a path or ``-`` for stdin) into an :class:`Article`.

Format: the file extension (:data:`EXTENSIONS`), else sniffing the text
(HTML tags, Markdown marks), or the ``--format`` the user gave.
Decoding: a BOM decides (UTF-8, UTF-16); otherwise strict UTF-8, then the
charset an HTML page declares, then cp1252 for legacy single-byte text.
Binary data, empty input and oversized files are refused with an
:class:`IngestError` that names the input and the fix.
"""

from __future__ import annotations

import codecs
import re
import stat
import sys
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

from ..core.errors import IngestError
from ..core.models import Article

#: Inputs larger than this are refused (a news article is far smaller).
MAX_BYTES = 5 * 1024 * 1024

#: file extension -> format
EXTENSIONS = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown", ".mdown": "markdown",
              ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html"}
FORMATS = ("text", "markdown", "html")
HTML_SNIFF = re.compile(r"<!doctype html|<html[\s>]|<(?:head|body|article|div|p|meta)[\s>/]", re.I)
MARKDOWN_SNIFF = re.compile(r"^(?:#{1,6} \S|\*\*[^*\n]+\*\*|> \S|```)|\[[^\]\n]+\]\([^)\s]+\)", re.M)
CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)

#: (BOM, codec) pairs, longest BOM first.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def sniff(text: str) -> str:
    """Guess the format of text with no telling extension.

    >>> sniff("<!DOCTYPE html><p>x</p>"), sniff("# Title\\n\\nSome **bold** text"), sniff("Plain words.")
    ('html', 'markdown', 'text')
    """
    head = text[:4096]
    if HTML_SNIFF.search(head):
        return "html"
    if MARKDOWN_SNIFF.search(head):
        return "markdown"
    return "text"


#: Charset names that servers and pages use but Python does not know, by what they mean.
CHARSET_ALIASES = {"utf8mb4": "utf-8", "utf8mb3": "utf-8", "utf-8mb4": "utf-8", "unicode": "utf-8",
                   "x-sjis": "shift_jis", "windows-874": "cp874", "x-mac-roman": "mac-roman"}


def text_codec(name: str | None) -> str | None:
    """The text codec a declared charset names, or None when Python knows no such text encoding
    (an unknown name, or a bytes-to-bytes codec such as ``zlib``): the bytes then decide.

    >>> text_codec("ISO-8859-1"), text_codec("utf8mb4"), text_codec("zlib"), text_codec("no-such-charset")
    ('iso8859-1', 'utf-8', None, None)
    """
    if not name:
        return None
    name = name.strip().strip("\"'").lower()
    try:
        info = codecs.lookup(CHARSET_ALIASES.get(name, name))
    except (LookupError, ValueError):
        return None
    return info.name if getattr(info, "_is_text_encoding", True) else None


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a meta tag, if Python knows it as a text encoding.

    >>> declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">')
    'iso8859-1'
    >>> declared_charset(b'<meta charset="zlib">'), declared_charset(b'<meta charset="utf8mb4">')
    (None, 'utf-8')
    """
    m = CHARSET.search(data[:8192])
    return text_codec(m.group(1).decode("ascii")) if m else None


def _control_share(data: bytes) -> float:
    r"""Share of bytes that are control characters other than tab, newline and carriage return.

    >>> _control_share(b"plain text\n"), _control_share(bytes(range(32)))
    (0.0, 0.90625)
    """
    if not data:
        return 0.0
    return sum(1 for b in data if b < 32 and b not in (9, 10, 13)) / len(data)


#: Files people pass for an article that are not text, by their first bytes: (magic, what it is,
#: what to do). A ZIP is told apart by the names inside it (DOCX: word/, ODT/EPUB: their mimetype).
NOT_TEXT: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "a PDF document", "copy its text into a .txt file (or run: pdftotext FILE article.txt) and pass that"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image", "pass the article's text, not a picture of it"),
    (b"\xff\xd8\xff", "a JPEG image", "pass the article's text, not a picture of it"),
    (b"GIF87a", "a GIF image", "pass the article's text, not a picture of it"),
    (b"GIF89a", "a GIF image", "pass the article's text, not a picture of it"),
    (b"{\\rtf", "an RTF document", "save it as plain text (.txt) and pass that"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Word or Office document", "save it as plain text (.txt) and pass that"),
    (b"ID3", "an MP3 file", "pass an article; the MP3 is what newscast makes"),
    (b"\x1f\x8b", "a gzip archive", "unpack it (gunzip) and pass the article inside"),
)
ZIPPED = ((b"word/", "a Word document (DOCX)"), (b"application/vnd.oasis.opendocument", "an OpenDocument file (ODT)"),
          (b"application/epub+zip", "an EPUB book"), (b"xl/", "a spreadsheet (XLSX)"))


def not_text(data: bytes) -> str:
    """What a file is when its first bytes say it is not text ("" when they do not).

    >>> not_text(b"%PDF-1.7 ..."), not_text(b"PK\x03\x04....word/document.xml"), not_text(b"Plain words.")
    ('a PDF document; copy its text into a .txt file (or run: pdftotext FILE article.txt) and pass that', 'a Word document (DOCX); save it as plain text (.txt) and pass that', '')
    """
    for magic, what, todo in NOT_TEXT:
        if data.startswith(magic):
            return f"{what}; {todo}"
    if data[8:12] == b"WEBP" and data.startswith(b"RIFF"):
        return "a WebP image; pass the article's text, not a picture of it"
    if data.startswith(b"PK\x03\x04"):
        head = data[:4096]
        what = next((w for marker, w in ZIPPED if marker in head), "a ZIP archive")
        return f"{what}; save it as plain text (.txt) and pass that" if what != "a ZIP archive" else "a ZIP archive; unpack it and pass the article inside"
    return ""


def decode(data: bytes, name: str, charset: str | None = None) -> tuple[str, str]:
    """Decode bytes to text; return (text, encoding).

    >>> decode("caf\\u00e9".encode("utf-8"), "x")
    ('café', 'utf-8')
    >>> decode("caf\\u00e9".encode("cp1252"), "x")
    ('café', 'cp1252')
    >>> decode(codecs.BOM_UTF16_LE + "hi".encode("utf-16-le"), "x")
    ('hi', 'utf-16-le')
    """
    for bom, codec in BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec), codec
            except UnicodeDecodeError:
                raise IngestError(f"{name}: starts with a {codec} byte-order mark but is not valid {codec}; re-save it as UTF-8") from None
    kind = not_text(data)
    if kind:
        raise IngestError(f"{name}: is {kind}")
    head = data[:4096]
    if head.count(b"\x00") > len(head) // 20 or _control_share(head) > 0.10:
        raise IngestError(f"{name}: looks like binary data (NUL bytes), not article text; pass a .txt file")
    data = data.replace(b"\x00", b"")  # a few stray NULs (a CMS export's damage) are dropped
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    charset = text_codec(charset)
    if charset and charset not in ("utf-8", "ascii"):
        return data.decode(charset, errors="replace"), charset
    text = data.decode("cp1252", errors="replace")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f") + text.count("\ufffd")
    if controls > max(8, len(text) // 100):
        raise IngestError(f"{name}: cannot be decoded as text (neither UTF-8 nor cp1252); re-save it as UTF-8")
    return text, "cp1252"


def _read_stream(stream: BinaryIO, name: str) -> bytes:
    data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise IngestError(f"{name}: larger than {MAX_BYTES // (1024 * 1024)} MiB; split the article or trim it")
    return data


def ingest(source: str, stdin: BinaryIO | None = None, format: str | None = None, data: bytes | None = None,
           charset: str | None = None) -> Article:
    """Read ``source`` (a path, or ``-`` for standard input) into an Article; ``data``: its bytes
    already fetched (a URL; ``charset`` from its Content-Type header).

    ``format`` (text, markdown, html) overrides the extension and sniffing.
    """
    if format is not None and format not in FORMATS:
        raise IngestError(f"{source}: unknown format '{format}'; use one of {', '.join(FORMATS)}")
    if data is not None:
        name = source
    elif source == "-":
        data = _read_stream(stdin if stdin is not None else sys.stdin.buffer, "standard input")
        name = "standard input"
    else:
        path = Path(source)
        if path.is_dir():
            raise IngestError(f"{source}: is a folder; pass the article file inside it")
        try:
            if not stat.S_ISREG(path.stat().st_mode):  # /dev/zero, a FIFO, <(cmd): never read (once, or forever)
                raise IngestError(f"{source}: is not a regular file (a device, pipe or socket); save the article to a "
                                  f"file, or pipe it to `newscast render -`")
            with path.open("rb") as fh:
                data = _read_stream(fh, source)
        except FileNotFoundError:
            raise IngestError(f"{source}: no such file; check the path") from None
        except OSError as exc:
            raise IngestError(f"{source}: cannot read ({exc.strerror}); check its permissions") from None
        name = source
    text, encoding = decode(data, name, charset or declared_charset(data))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise IngestError(f"{name}: is empty; pass a file with article text")
    suffix = Path(urlsplit(source).path if "://" in source else source).suffix.lower()  # a URL: its path's
    kind = format or EXTENSIONS.get(suffix) or sniff(text)
    return Article(source=source, text=text, encoding=encoding, format=kind)
