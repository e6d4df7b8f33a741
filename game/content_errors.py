"""Reading a content file and wording what is wrong with it, as one ``ContentError`` line.

Kept apart from the loader, which builds the world: everything that can go wrong between
the bytes of a file and a validated model — unreadable file, bad TOML, a file nested too
deep or an integer too long for Python to read, a value pydantic refuses — is turned here
into ``<file>: <field>: <message>``, so no content file can end in a traceback.
"""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Collection
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .errors import ContentError
from .schema import FieldProblem

M = TypeVar("M", bound=BaseModel)
#: The union members pydantic names in a location ('coca_ha', 'float'), which the
#: designer never wrote and which are left out of the field.
UNION_BRANCHES = ("float", "FactRef", "Assumed")
#: The most of a refused value quoted in a message: a file can hold a megabyte string.
QUOTE_LIMIT = 60


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise ContentError(path, "", "file not found") from None
    except OSError as exc:
        raise ContentError(path, "", f"cannot be read ({exc.strerror})") from None


def parse_toml(raw: bytes, path: Path) -> dict[str, Any]:
    """The TOML in ``raw``, read from ``path`` (kept apart from reading, so that a scenario
    file is hashed from the very bytes that were parsed).

    Besides TOML syntax, the parser can fail on a file nested deeper than Python's
    recursion limit and on an integer longer than Python's 4,300-digit limit; both are
    the file's fault, so both are content errors.
    """
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ContentError(path, "", f"not valid TOML: {exc}") from None
    except UnicodeDecodeError:
        raise ContentError(path, "", "not valid UTF-8 text") from None
    except RecursionError:
        raise ContentError(path, "", "not valid TOML: nested too deep") from None
    except ValueError as exc:  # int() of a number past Python's 4,300-digit limit
        message = "a number too long to read" if "digits" in str(exc) else first_line(str(exc))
        raise ContentError(path, "", f"not valid TOML: {message}") from None


def read_toml(path: Path) -> dict[str, Any]:
    return parse_toml(read_bytes(path), path)


def first_line(text: str) -> str:
    return text.splitlines()[0] if text else text


def file_named(name: str, known: Collection[str], kind: str) -> Path:
    """The file ``name`` means when it is not the id of a built-in ``kind``.

    A name ending in ``.toml``, or one that exists, is a path (and a missing file is then
    "file not found"); anything else is taken for a mistyped id, and refused with the ids.
    """
    path = Path(name)
    if path.suffix != ".toml" and not path.exists():
        valid = ", ".join(sorted(known))
        raise ContentError(
            name, "", f"no {kind} of that name; expected one of {valid} or a .toml file"
        )
    return path


def field_path(loc: tuple[Any, ...], data: Any) -> str:
    """'regions[vraem].coca_ha' from pydantic's ('regions', 0, 'coca_ha'), naming items by id."""
    parts: list[str] = []
    node = data
    for item in loc:
        if isinstance(item, int):
            label = str(item)
            if isinstance(node, list) and item < len(node):
                node = node[item]
                if isinstance(node, dict) and isinstance(node.get("id"), str):
                    label = node["id"]
            parts[-1:] = [f"{parts[-1] if parts else ''}[{label}]"]
            continue
        if isinstance(item, str) and item in UNION_BRANCHES:
            continue
        parts.append(str(item))
        node = node.get(item) if isinstance(node, dict) else None
    return ".".join(parts)


def in_written_branch(loc: tuple[Any, ...], data: Any) -> bool:
    """Whether an error inside a number's union is in the form the file wrote it in.

    ``{value = nan, assumption = "…"}`` fails as an assumption (nan) and as a fact
    reference (no ``fact``, unknown ``value``); only the first is what the writer meant.
    """
    node = data
    for part in loc:
        if part in UNION_BRANCHES:
            if not isinstance(node, dict):
                return part == "float"
            return part == ("FactRef" if "fact" in node else "Assumed")
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            return True
    return True


def too_large(value: Any) -> bool:
    """An integer no float can hold: pydantic calls it "not a number", which it is."""
    return isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 1024


def quoted(value: Any) -> str:
    """``repr(value)``, cut short: a refused value is quoted, not reproduced."""
    try:
        text = repr(value)
    except ValueError:  # an integer too long to print
        return "a number too long to read"
    return text if len(text) <= QUOTE_LIMIT else text[: QUOTE_LIMIT - 1] + "…"


def validate(model: type[M], data: Any, path: Path, prefix: str = "", context: Any = None) -> M:
    """Validate ``data`` read from ``path``; the first problem becomes a ContentError.

    ``context`` reaches the schema's validators (the fact sheet, to check a cited value
    against its field's range). An unknown key is reported before the missing field it
    was probably meant to be, with the likely intended name, because a typo is the
    commonest mistake in a content file. A rule across fields names its own field (see
    ``schema.FieldProblem``).
    """
    try:
        return model.model_validate(data, context=context)
    except RecursionError:
        raise ContentError(path, prefix.rstrip("."), "nested too deep") from None
    except ValidationError as exc:
        raise ContentError(path, *wording(model, exc, data, prefix)) from None


def wording(
    model: type[BaseModel], exc: ValidationError, data: Any, prefix: str
) -> tuple[str, str]:
    """The field and the message of the first problem in ``exc`` (and how many more)."""
    every = exc.errors(include_url=False)
    errors = [e for e in every if in_written_branch(e["loc"], data)] or every
    errors.sort(key=lambda e: e["type"] != "extra_forbidden")
    first = errors[0]
    loc = tuple(first["loc"])
    field = field_path(loc, data)
    problem = (first.get("ctx") or {}).get("error")
    if isinstance(problem, FieldProblem):
        field = ".".join(part for part in (field, problem.field) if part)
        message = problem.message
    elif first["type"] == "extra_forbidden":
        known = [str(e["loc"][-1]) for e in errors if e["type"] == "missing"]
        known += list(model.model_fields)
        guess = difflib.get_close_matches(str(loc[-1]), known, n=1)
        message = "unknown key, not permitted here" + (
            f"; did you mean {guess[0]!r}?" if guess else ""
        )
    elif too_large(first.get("input")):
        message = "a number too large to use"
    elif any(part in UNION_BRANCHES for part in loc) and first["type"] not in RANGE_TYPES:
        message = 'expected a number, {fact = "id"} or {value = x, assumption = "why"}'
    else:
        message = first["msg"].removeprefix("Value error, ")
    got = first.get("input")
    if (
        first["type"] != "extra_forbidden"
        and not isinstance(problem, FieldProblem)
        and got is not None
        and not isinstance(got, dict | list)
    ):
        message += f" (got {quoted(got)})"
    problems = {tuple(p for p in e["loc"] if p not in UNION_BRANCHES) for e in errors}
    if len(problems) > 1:
        message += f"; and {len(problems) - 1} more problem(s)"
    return prefix + field, message


#: Pydantic error types that say a number is out of its range rather than not a number,
#: worth keeping even when the number was one branch of a union.
RANGE_TYPES = frozenset(
    {"finite_number", "greater_than", "greater_than_equal", "less_than", "less_than_equal"}
)
