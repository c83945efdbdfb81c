"""Broken database files, fuzzed: truncated, not JSON, random JSON, records of the wrong shape.

Whatever the file holds, every command either works (the file was a valid database) or exits
1/2 with one clear line and leaves the file byte-identical. `rituals doctor` never crashes on
it either, and never writes without --repair.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from reliability_support import assert_clean_failure, build_small_db, cli

from rituals.store import Store
from rituals.store.checks import SHAPES

EXAMPLES = 40  # per strategy and command below
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
COMMANDS = (
    ("people", "list"),
    ("people", "add", "new@x.org", "--name", "New"),
    ("ritual", "show", "lunch"),
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


def _valid_db() -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        return build_small_db(Path(folder) / "rituals.json").read_bytes()


VALID = _valid_db()
VALID_JSON = json.loads(VALID)


def _run_all(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "rituals.json"
        path.write_bytes(content)
        for command in COMMANDS:
            result = cli(path, *command)
            if result.exit_code == 0:
                Store(path).people()  # it worked, so the file is (still) a readable database
                content = path.read_bytes()
                continue
            assert_clean_failure(result, f"{command} on {content[:80]!r}")
            assert path.read_bytes() == content, f"{command} changed a file it refused"
        checked = cli(path, "doctor")
        assert checked.exit_code in (0, 1), checked.stdout + checked.stderr
        assert "Traceback" not in checked.stdout + checked.stderr
        assert path.read_bytes() == content, "doctor without --repair wrote"


@FUZZ
@given(st.binary(max_size=300))
@example(b'{"people": {"1": {"email": "a@x.org", "name": "A", "n": ' + b"9" * 5000 + b"}}}")  # over int's digit limit
@example(b"[" * 100_000)  # deeper than the parser's recursion limit
@example(b"\xef\xbb\xbf{}")  # a BOM before the JSON
def test_random_bytes(content: bytes) -> None:
    _run_all(content)


@FUZZ
@given(st.integers(min_value=0, max_value=len(VALID) - 1), st.binary(max_size=3))
def test_a_valid_file_truncated_anywhere(cut: int, tail: bytes) -> None:
    _run_all(VALID[:cut] + tail)


@FUZZ
@given(json_values)
def test_random_json(value: object) -> None:
    _run_all(json.dumps(value).encode())


@st.composite
def damaged_records(draw: st.DrawFn) -> dict:
    """The valid file with a few fields of its records (or whole records) replaced by random JSON."""
    data = json.loads(json.dumps(VALID_JSON))
    for _ in range(draw(st.integers(1, 3))):
        table = draw(st.sampled_from(sorted(SHAPES) + ["meta"]))
        doc_id = draw(st.sampled_from(sorted(data[table])))
        field = draw(st.sampled_from(sorted(SHAPES.get(table, {"schema": 0, "revision": 0})) + [None]))
        value = draw(json_values)
        if field is None or not isinstance(data[table][doc_id], dict):
            data[table][doc_id] = value
        elif draw(st.booleans()):
            data[table][doc_id][field] = value
        else:
            data[table][doc_id].pop(field, None)
    return data


@FUZZ
@given(damaged_records())
def test_records_of_the_wrong_shape(data: dict) -> None:
    _run_all(json.dumps(data).encode())
