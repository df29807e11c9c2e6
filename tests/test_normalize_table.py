"""The golden normalization table: tests/data/normalize.tsv (input TAB spoken).

Producers propose rows there. Each row must be spoken as written, and
normalizing the spoken text again must change nothing (idempotence).
"""

from pathlib import Path

import pytest

from newscast.script.normalize import speak

TABLE = Path(__file__).parent / "data" / "normalize.tsv"
ROWS = [tuple(line.split("\t")) for line in TABLE.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")]


def test_table_is_big_and_well_formed():
    assert len(ROWS) >= 200
    assert all(len(row) == 2 for row in ROWS)


@pytest.mark.parametrize("text, spoken", ROWS, ids=[r[0][:40] for r in ROWS])
def test_row(text, spoken):
    assert speak(text) == spoken


@pytest.mark.parametrize("text, spoken", ROWS, ids=[r[0][:40] for r in ROWS])
def test_idempotent(text, spoken):
    assert speak(spoken) == spoken
