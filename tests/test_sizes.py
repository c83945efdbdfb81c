"""The house's size limits (issue 15): no module over 400 lines, no function over 60.

A function is measured from its first statement after the docstring to its end: a typer
command's option list and a docstring are declarations, not logic to follow, and the formatter
puts each option on its own line. Counted with the standard library's own parser.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "rituals"
MAX_FILE_LINES = 400
MAX_FUNCTION_LINES = 60


def _modules() -> list[Path]:
    return sorted(ROOT.rglob("*.py"))


def _body_lines(node: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    body = node.body
    first = body[0]
    if len(body) > 1 and isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
        first = body[1]  # the docstring is not counted
    assert node.end_lineno is not None
    return node.end_lineno - first.lineno + 1


def test_no_module_is_over_400_lines() -> None:
    long = {
        str(p.relative_to(ROOT.parent)): n
        for p in _modules()
        if (n := len(p.read_text().splitlines())) > MAX_FILE_LINES
    }
    assert long == {}


def test_no_function_is_over_60_lines() -> None:
    long = {}
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and _body_lines(node) > MAX_FUNCTION_LINES:
                long[f"{path.relative_to(ROOT.parent)}:{node.lineno} {node.name}"] = _body_lines(node)
    assert long == {}


def test_the_measure_counts_what_it_should() -> None:
    """A hand-made function of 3 signature lines, a docstring and 61 statements is too long; with 60 it is not."""
    for statements, too_long in ((60, False), (61, True)):
        source = "def f(\n    a,\n):\n    '''Doc.'''\n" + "    a += 1\n" * statements
        node = ast.parse(source).body[0]
        assert isinstance(node, ast.FunctionDef)
        assert (_body_lines(node) > MAX_FUNCTION_LINES) is too_long
