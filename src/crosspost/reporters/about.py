"""Who made a report: tool name, version and home, as machine formats (JSON, SARIF) record it."""

from __future__ import annotations

from urllib.parse import quote

from .. import __version__

TOOL_NAME = "crosspost"
FALLBACK_URI = "https://pypi.org/project/crosspost/"


def tool_version() -> str:
    """``crosspost.__version__``, the one version."""
    return __version__


def information_uri() -> str:
    """The project's Homepage/Source URL from its metadata (SARIF needs an absolute URI)."""
    urls = _project_urls()
    by_label: dict[str, str] = {}
    for entry in urls:
        label, _, url = entry.partition(",")
        by_label[label.strip().lower()] = url.strip()
    for label in ("homepage", "documentation", "source", "repository"):
        url = by_label.get(label, "")
        if url.startswith(("https://", "http://")):
            return url
    return FALLBACK_URI


def _project_urls() -> list[str]:
    """The ``Project-URL`` entries of crosspost's metadata; importlib.metadata is imported
    here, where a format needs them, not by every report (about 25 ms)."""
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        return metadata(TOOL_NAME).get_all("Project-URL") or []
    except PackageNotFoundError:
        return []


RULES_PAGE = "reference/rules.md"


def documentation_uri() -> str:
    """Where the docs live: the Documentation URL of the metadata, else the home page."""
    for entry in _project_urls():
        label, _, url = entry.partition(",")
        if label.strip().lower() == "documentation" and url.strip().startswith("https://"):
            return url.strip().rstrip("/")
    return information_uri().rstrip("/")


def rule_help_uri(rule_id: str) -> str:
    """The rule's section in the rules reference (docs/reference/rules.md, anchor = id).

    A ``/tree/`` folder URL on GitHub becomes a ``/blob/`` file URL, which GitHub renders.
    """
    base = documentation_uri().replace("/tree/", "/blob/")
    return f"{base}/{RULES_PAGE}#{quote(rule_id, safe='._-')}"
