"""Findings the engine itself reports while reading posts and media, documented like rules."""

from __future__ import annotations

from .meta import RuleMeta

POST_INVALID = RuleMeta(
    id="post.invalid",
    name="Post file cannot be read",
    summary="The post file is not valid: bad YAML, an unknown field, a wrong type, not UTF-8.",
    why="A post that cannot be read cannot be checked; the message names the line and field.",
)
MEDIA_MISSING = RuleMeta(
    id="media.missing",
    name="Media file missing",
    summary="A media or subtitle path in the post points at no file.",
    why="A post published without its video or photo is a different post.",
)
PATH_ESCAPE = RuleMeta(
    id="media.path_escape",
    name="Media path leaves the content root",
    summary="A media path is absolute, goes up with '..', or follows a link out of the root.",
    why="Posts may only use files of their own repository; anything else is either a mistake "
    "or an attempt to publish a file that should stay private.",
)
MEDIA_UNREADABLE = RuleMeta(
    id="media.unreadable",
    name="Media file cannot be used",
    summary="A media file is empty, corrupt, truncated, too large or not what its name says.",
    why="Platforms reject such files, and some (a playlist named .mp4) are never safe to open.",
)
CAPTIONS_INVALID = RuleMeta(
    id="captions.invalid",
    name="Subtitle file cannot be read",
    summary="The subtitle file has a bad timestamp, a broken cue or is not UTF-8.",
    why="Platforms drop subtitle files they cannot parse, silently; the video then has none.",
)
TARGET_UNKNOWN = RuleMeta(
    id="target.unknown",
    name="Unknown target",
    summary="A target in the post is not a known platform format.",
    why="A typo in a target means the post is never checked for the platform it is meant for.",
)
TARGET_NONE = RuleMeta(
    id="target.none",
    name="No targets",
    summary="The post names no targets and none were given on the command line.",
    why="Without targets there is nothing to check the post against.",
)

MENTIONS_UNKNOWN = RuleMeta(
    id="mentions.unknown",
    name="Unknown mention placeholder",
    summary="A `@{key}` placeholder in the text that the handle map does not know.",
    why="crosspost never guesses a handle: a wrong one tags someone else. Add the key to the "
    "handle map, or write the name without a placeholder. Reported by plan and adapt.",
)

ENGINE_RULES: tuple[RuleMeta, ...] = (
    POST_INVALID,
    MEDIA_MISSING,
    PATH_ESCAPE,
    MEDIA_UNREADABLE,
    CAPTIONS_INVALID,
    TARGET_UNKNOWN,
    TARGET_NONE,
    MENTIONS_UNKNOWN,
)
