"""Turn pydantic's validation errors into one message with file, line and field path."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BaseModel, ValidationError

from .errors import InputError
from .yamlsrc import Key, YamlDoc

M = TypeVar("M", bound=BaseModel)

_MAX_SHOWN = 5


def _reason(value: str) -> str:
    if not value.strip():
        raise ValueError("a switched-off rule needs a reason: say why it does not apply")
    return value


# The reason given for switching a rule off (posts, policy, configuration). Checked per entry,
# so that the error points at the line of the rule that has none.
Reason = Annotated[str, AfterValidator(_reason)]


def validate_doc(model: type[M], doc: YamlDoc, error: type[InputError], what: str,
                 written: Callable[[Key], Key] | None = None) -> M:
    """Validate ``doc.data`` as ``model``; raise ``error`` naming the first broken field.

    ``written`` maps a field path of the model to the path the file spells, where a
    validator moved fields (old flat names of the policy's `adapt:` block)."""
    if not isinstance(doc.data, dict):
        kind = "empty" if doc.data is None else f"a {type(doc.data).__name__}"
        raise error(f"expected a {what} (a YAML mapping), found {kind}", path=doc.path, line=1)
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        raise validation_error(exc, doc, error, written) from None


def validation_error(exc: ValidationError, doc: YamlDoc, error: type[InputError],
                     written: Callable[[Key], Key] | None = None) -> InputError:
    """The first error in file order, with a count of the rest."""
    problems = [(clean_loc(e["loc"]), e) for e in exc.errors()]
    if written is not None:
        problems = [(written(loc), e) for loc, e in problems]
    problems.sort(key=lambda p: doc.line_of(p[0]) or 0)
    loc, first = problems[0]
    more = len(problems) - 1
    extra = f" (and {more} more problem{'s' * (more > 1)})" if more else ""
    return error(
        describe(first) + extra,
        path=doc.path,
        line=doc.line_of(loc),
        field=".".join(str(part) for part in loc) or None,
    )


def clean_loc(loc: tuple[Any, ...]) -> Key:
    """Drop pydantic's internal steps (``value`` of a bare sourced value, union tags)."""
    parts: list[str | int] = []
    for part in loc:
        if isinstance(part, str) and ("[" in part or part.startswith("function-")):
            continue
        parts.append(part)
    if parts and parts[-1] == "value":
        parts.pop()
    return tuple(parts)


def describe(err: Any) -> str:
    """A plain sentence for one pydantic error: what was expected and what was found."""
    kind = err["type"]
    if kind == "missing":
        name = err["loc"][-1] if err.get("loc") else None
        # The field path drops the `value` of a sourced value, so name what is missing.
        return "required field `value` is missing" if name == "value" else (
            "required field is missing"
        )
    if kind == "extra_forbidden":
        return "unknown field (check the spelling; see the JSON Schema for allowed fields)"
    message = str(err["msg"]).removeprefix("Value error, ")
    value = err.get("input")
    if kind in {"value_error", "assertion_error"} or isinstance(value, dict | list):
        return message
    return f"{message[:1].lower()}{message[1:]}, got {value!r}"
