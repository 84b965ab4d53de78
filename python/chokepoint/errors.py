"""InputError raised from Python code, with the attributes the engine's carry."""

from __future__ import annotations

import difflib
from typing import Iterable

from ._chokepoint import InputError


def input_error(message: str, path: str | None = None) -> InputError:
    """An InputError for a problem found before the engine sees the input."""
    error = InputError(message)
    error.path = path
    error.pointer = None
    error.line = None
    error.column = None
    error.problems = []
    return error


def unknown_name(what: str, name: str, known: Iterable[str]) -> InputError:
    """'unknown metric "x"; did you mean "y"?' (or the list of known names)."""
    known = list(known)
    close = difflib.get_close_matches(name, known, n=1)
    hint = f'did you mean "{close[0]}"?' if close else "known: " + ", ".join(known)
    return input_error(f'unknown {what} "{name}"; {hint}')
