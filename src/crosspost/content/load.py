"""Read post files: YAML, or Markdown whose YAML front matter holds the fields.

Every field keeps its line so that findings point at it. Anything wrong is a ``PostError`` (or a
``PathEscapeError`` / ``MediaError`` for media paths) naming the file, the line and the field.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..confined import NotConfined, read_confined
from ..errors import PostError
from ..validation import validate_doc
from ..yamlsrc import Key, YamlDoc, decode_utf8, load_yaml_text
from .item import SourceItem
from .paths import confine, require_file

MAX_POST_BYTES = 1024 * 1024
MAX_FRONT_MATTER_BYTES = 64 * 1024
MARKDOWN_SUFFIXES = (".md", ".markdown")
YAML_SUFFIXES = (".yaml", ".yml")


def find_root(path: Path) -> Path:
    """The content root of a post, found as the commands find it (see ``config.load_config``):
    the folder of its configuration file, else its git repository, else its own folder; from
    where the post stands, not where a symlink would lead."""
    from ..config import load_config

    return load_config(start=path).root


def load_item(
    path: str | Path,
    *,
    root: str | Path | None = None,
    check_files: bool = True,
    content: bytes | None = None,
) -> SourceItem:
    """Read one post file into a ``SourceItem``; media paths are confined to ``root``.

    ``content`` is the file's bytes when they come from elsewhere (``check -`` reads standard
    input): ``path`` then only names the post, places its media and need not exist.
    """
    path = Path(path)
    root_path = Path(root) if root is not None else find_root(path)
    doc, text, text_line, source, regions = _read(path, root_path, content)
    data = dict(doc.data)
    data.setdefault("id", path.stem.removesuffix(".post"))
    # A `text: |` block keeps its final newline (YAML's default chomping); no author means it
    # to count, and a Markdown body is stripped too.
    if isinstance(data.get("text"), str):
        data["text"] = data["text"].rstrip()
    if isinstance(data.get("overrides"), dict):
        data["overrides"] = {
            key: value.rstrip() if isinstance(value, str) else value
            for key, value in data["overrides"].items()
        }
    if text is not None:
        if "text" in data:
            raise PostError(
                "text is given both in the front matter and as the body; keep one",
                path=path,
                line=doc.line_of(("text",)),
                field="text",
            )
        data["text"] = text
    doc = YamlDoc(data=data, path=str(path), lines=doc.lines, line_offset=doc.line_offset)
    item = validate_doc(SourceItem, doc, PostError, "post")
    item = _resolve_media(item, doc, path, root_path, check_files)
    item = item.model_copy(update={"source_path": str(path)})
    item._doc = doc
    item._text_line = text_line if text is not None else doc.line_of(("text",))
    item._source = source
    item._regions = regions
    return item


# What _read returns: the front matter or YAML document, the Markdown body (stripped) and its
# first line, the decoded file, and per field the characters of the file its value stands in.
_Read = tuple[YamlDoc, str | None, int | None, str, dict[Key, tuple[int, int]]]


def _read(path: Path, root: Path, content: bytes | None = None) -> _Read:
    try:  # a post that is a symlink out of the content root is never read
        raw = read_confined(path, root, MAX_POST_BYTES) if content is None else content
        if len(raw) > MAX_POST_BYTES:
            raise PostError(f"post file is {len(raw)} bytes; at most {MAX_POST_BYTES} expected",
                            path=path, line=1)
    except NotConfined as exc:
        raise PostError(f"post file {exc.strerror}", path=path, line=1) from None
    except OSError as exc:
        raise PostError(f"cannot read post file: {exc.strerror or exc}", path=path) from None
    source = decode_utf8(raw, path, error=PostError)
    if not source.strip():
        raise PostError(
            "post file is empty; expected YAML fields or Markdown front matter", path=path, line=1
        )
    if path.suffix.lower() in MARKDOWN_SUFFIXES:
        return _read_markdown(source, path)
    if path.suffix.lower() in YAML_SUFFIXES:
        doc = load_yaml_text(source, str(path), error=PostError)
        _require_mapping(doc, path)
        return doc, None, None, source, dict(doc.spans)
    raise PostError(
        f"unsupported post file type {path.suffix!r}; expected .md, .markdown, .yaml or .yml",
        path=path,
    )


def _read_markdown(source: str, path: Path) -> _Read:
    lines = source.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n") != "---":
        raise PostError(
            "Markdown post must start with a '---' line opening the YAML front matter",
            path=path,
            line=1,
        )
    for index in range(1, len(lines)):
        if lines[index].rstrip("\r\n") in ("---", "..."):
            break
    else:
        raise PostError("front matter is not closed by a '---' line", path=path, line=1)
    front = "".join(lines[1:index])
    if len(front.encode("utf-8")) > MAX_FRONT_MATTER_BYTES:
        raise PostError(
            f"front matter is larger than {MAX_FRONT_MATTER_BYTES // 1024} KiB", path=path, line=1
        )
    doc = load_yaml_text(front, str(path), line_offset=1, error=PostError)
    if doc.data is None:  # empty front matter: a post that is only its body
        doc = YamlDoc(data={}, path=doc.path, lines=doc.lines, line_offset=doc.line_offset)
    _require_mapping(doc, path)
    shift = len(lines[0])
    regions = {key: (start + shift, end + shift) for key, (start, end) in doc.spans.items()}
    body = "".join(lines[index + 1 :])
    if not body.strip():
        return doc, None, None, source, regions  # no body: the text is in the front matter
    leading = len(body) - len(body.lstrip("\r\n"))
    text_line = index + 2 + body[:leading].count("\n")
    regions[("text",)] = (len(source) - len(body), len(source))
    return doc, body.strip(), text_line, source, regions


def _require_mapping(doc: YamlDoc, path: Path) -> None:
    if not isinstance(doc.data, dict):
        found = "nothing" if doc.data is None else f"a {type(doc.data).__name__}"
        raise PostError(f"expected post fields (a YAML mapping), found {found}", path=path, line=1)


def _resolve_media(
    item: SourceItem, doc: YamlDoc, path: Path, root: Path, check_files: bool
) -> SourceItem:
    base = path.resolve().parent
    assets = []
    for index, asset in enumerate(item.media):
        update: dict[str, Any] = {}
        for name, written in (("path", asset.path), ("captions", asset.captions)):
            if written is None:
                continue
            line = doc.line_of(("media", index, name))
            field = f"media[{index}].{name}"
            real = confine(written, base, root, source=str(path), line=line, field=field)
            if check_files:
                require_file(real, written, source=str(path), line=line, field=field)
            update["resolved" if name == "path" else "captions_resolved"] = real
        assets.append(asset.model_copy(update=update))
    return item.model_copy(update={"media": assets})
