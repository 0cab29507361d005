"""Findings the engine itself reports while reading posts and media, documented like rules."""

from __future__ import annotations

from .meta import RuleMeta

POST_INVALID = RuleMeta(
    id="post.invalid",
    name="Post file cannot be read",
    summary="The post file is not valid: bad YAML, an unknown field, a wrong type, not UTF-8, "
    "or an ignore or overrides entry that names no rule or target.",
    why="A post that cannot be read cannot be checked; the message names the line and field.",
    failing=(
        "front matter with the misspelt field taregts: [x.post]",
        "ai_generated: yes instead of ai_generated: true",
        "ignore: {text.hashtags: ''} without a reason",
        "overrides: {twiter: Korte tekst} (the platform is x)",
    ),
    passing=(
        "front matter with id, language: nl and targets: [x.post, bluesky.post]",
        "ai_generated: false",
    ),
)
POST_ID = RuleMeta(
    id="post.id",
    name="Id not usable",
    summary="The post's id (or, without one, its file name) breaks the id rule: letters, "
    "digits, spaces, '-', '_' and '.', starting and ending with a letter or digit, at most "
    "100 characters.",
    why="The id names the post's output folder and shows in every report and CI log; a "
    "newline in it could forge a CI command, a NUL or '/' would break the folder, a bidi "
    "override would show it backwards. Checked before any folder is made.",
    failing=(
        "id: \"a\\n::error::x\" (a newline)",
        "id: ../gedeeld (a slash)",
        "an id of 300 characters",
    ),
    passing=("id: energie-besparen-2026", "id: één-loket", "a file 2026-03-12 avond.md"),
)
POST_DUPLICATE_ID = RuleMeta(
    id="post.duplicate_id",
    name="Two posts with one id",
    summary="Another post has the same id (letter case ignored).",
    why="Both would be adapted into one output folder: one approved post would silently "
    "replace the other. Neither is adapted until the ids differ.",
    failing=("posts/a.md and posts/archief/a.md, both without an id",),
    passing=("id: warmtepomp-maart and id: warmtepomp-april",),
)
MEDIA_MISSING = RuleMeta(
    id="media.missing",
    name="Media file missing",
    summary="A media or subtitle path in the post points at no file.",
    why="A post published without its video or photo is a different post.",
    failing=("media path media/stadhuis.jpeg when the file is media/stadhuis.jpg",),
    passing=("media path media/stadhuis.jpg of a file that exists",),
)
PATH_ESCAPE = RuleMeta(
    id="media.path_escape",
    name="Media path leaves the content root",
    summary="A media path is absolute, goes up with '..', or follows a link out of the root.",
    why="Posts may only use files of their own repository; anything else is either a mistake "
    "or an attempt to publish a file that should stay private.",
    failing=(
        "media path ../../personeelszaken/paspoort.jpg",
        "absolute media path /home/redactie/Downloads/foto.jpg",
        "media path media\\stadhuis.jpg with a Windows backslash",
    ),
    passing=("media path media/stadhuis.jpg inside the content folder",),
)
MEDIA_UNREADABLE = RuleMeta(
    id="media.unreadable",
    name="Media file cannot be used",
    summary="A media file is empty, corrupt, truncated, too large or not what its name says.",
    why="Platforms reject such files, and some (a playlist named .mp4) are never safe to open.",
    failing=(
        "a truncated JPEG from an interrupted download",
        "a HEIC photo straight from an iPhone",
        "an empty (0-byte) media/uitleg.mp4",
    ),
    passing=("a complete JPEG from the municipal image bank",),
)
CAPTIONS_INVALID = RuleMeta(
    id="captions.invalid",
    name="Subtitle file cannot be read",
    summary="The subtitle file has a bad timestamp, a broken cue or is not UTF-8.",
    why="Platforms drop subtitle files they cannot parse, silently; the video then has none.",
    failing=(
        "a WebVTT cue with the timestamp 00:00:0x.000",
        "a .vtt file whose first line is not WEBVTT",
        "an SRT file saved as Windows-1252 instead of UTF-8",
    ),
    passing=("a UTF-8 WebVTT file with well-formed cues",),
)
TARGET_UNKNOWN = RuleMeta(
    id="target.unknown",
    name="Unknown target",
    summary="A target in the post is not a known platform format.",
    why="A typo in a target means the post is never checked for the platform it is meant for.",
    failing=("targets: [twitter] (the platform is x)", "targets: [instagram.reels]"),
    passing=("targets: [instagram.reel, x] (a platform alone means its default format)",),
)
TARGET_NONE = RuleMeta(
    id="target.none",
    name="No targets",
    summary="The post names no targets and none were given on the command line.",
    why="Without targets there is nothing to check the post against.",
    failing=("a post without targets:, checked without --target or configured default targets",),
    passing=("targets: [bluesky.post]", "a post without targets: checked with --target x.post"),
)

ENGINE_RULES: tuple[RuleMeta, ...] = (
    POST_INVALID,
    POST_ID,
    POST_DUPLICATE_ID,
    MEDIA_MISSING,
    PATH_ESCAPE,
    MEDIA_UNREADABLE,
    CAPTIONS_INVALID,
    TARGET_UNKNOWN,
    TARGET_NONE,
)
