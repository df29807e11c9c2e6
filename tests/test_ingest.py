import codecs
import io

import pytest

from newscast.core.errors import IngestError
from newscast.read.ingest import MAX_BYTES, ingest


def test_reads_utf8_and_normalises_newlines(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes("Title\r\n\r\nCafé text.\r\n".encode("utf-8"))
    art = ingest(str(p))
    assert art.text == "Title\n\nCafé text.\n"
    assert art.encoding == "utf-8"


@pytest.mark.parametrize(
    "data, encoding",
    [
        (codecs.BOM_UTF8 + "Café".encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF16_LE + "Café".encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + "Café".encode("utf-16-be"), "utf-16-be"),
        ("Café – €5".encode("cp1252"), "cp1252"),
    ],
)
def test_decodes_boms_and_legacy_text(tmp_path, data, encoding):
    p = tmp_path / "a.txt"
    p.write_bytes(data)
    art = ingest(str(p))
    assert art.text.startswith("Café")
    assert art.encoding == encoding


def test_stdin():
    art = ingest("-", io.BytesIO(b"Hello there."))
    assert art.source == "-" and art.text == "Hello there."


@pytest.mark.parametrize(
    "setup, message",
    [
        (lambda p: None, "no such file"),
        (lambda p: p.mkdir(), "is a folder"),
        (lambda p: p.write_bytes(b""), "is empty"),
        (lambda p: p.write_bytes(b"  \n\t\n"), "is empty"),
        (lambda p: p.write_bytes(bytes(range(256)) * 20), "binary"),
        (lambda p: p.write_bytes(b"x" * (MAX_BYTES + 1)), "larger than"),
    ],
)
def test_bad_inputs_name_the_input_and_the_fix(tmp_path, setup, message):
    p = tmp_path / "bad.txt"
    setup(p)
    with pytest.raises(IngestError) as err:
        ingest(str(p))
    assert str(p) in str(err.value)
    assert message in str(err.value)
