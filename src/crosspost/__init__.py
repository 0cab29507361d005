"""crosspost: check and adapt one message for every platform's formats and norms.

``import crosspost`` stays light: the public names below load their modules on first use, so a
command that only lists specs never imports Pillow, numpy, langdetect or tiktoken (crosspost
never imports moviepy; only a benchmark compares against it).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .adapting import Variant, VariantSet
    from .batch import BatchResult, ItemResult, adapt_many
    from .checking import check_paths
    from .config import Config, load_config
    from .content.handles import HandleMap, load_handles
    from .content.item import MediaAsset, SourceItem
    from .content.load import load_item
    from .errors import (
        CanvasError,
        ConfigError,
        CrosspostError,
        InputError,
        MediaError,
        OutputError,
        PathEscapeError,
        PolicyError,
        PostError,
        ResultsError,
        SpecError,
        SubtitleError,
        ToolError,
        UnknownTargetError,
        YamlError,
    )
    from .evaluation.evaluate import Evaluation
    from .evaluation.project import evaluate_project
    from .project import Project, adapt, check, plan
    from .report import Finding, Report
    from .specs.platform import FormatSpec, PlatformSpec
    from .specs.policy import Policy, load_policy
    from .specs.registry import SpecRegistry, load_specs
    from .strategy.canvas import Canvas, load_canvas
    from .variant.plan import VariantPlan

__version__ = "0.1.0"
"""The one version of crosspost: packaging, ``--version``, reports and manifests read it."""

__all__ = [
    "BatchResult",
    "Canvas",
    "CanvasError",
    "Config",
    "ConfigError",
    "CrosspostError",
    "Evaluation",
    "Finding",
    "FormatSpec",
    "HandleMap",
    "InputError",
    "ItemResult",
    "MediaAsset",
    "MediaError",
    "OutputError",
    "PathEscapeError",
    "PlatformSpec",
    "Policy",
    "PolicyError",
    "PostError",
    "Project",
    "Report",
    "ResultsError",
    "SourceItem",
    "SpecError",
    "SpecRegistry",
    "SubtitleError",
    "ToolError",
    "UnknownTargetError",
    "Variant",
    "VariantPlan",
    "VariantSet",
    "YamlError",
    "adapt",
    "adapt_many",
    "check",
    "check_paths",
    "evaluate_project",
    "load_canvas",
    "load_config",
    "load_handles",
    "load_item",
    "load_policy",
    "load_specs",
    "plan",
]

_ERRORS = (
    "CanvasError", "ConfigError", "CrosspostError", "InputError", "MediaError", "OutputError",
    "PathEscapeError", "PolicyError", "PostError", "ResultsError", "SpecError",
    "SubtitleError", "ToolError", "UnknownTargetError", "YamlError",
)
_LAZY: dict[str, str] = {
    "Variant": "crosspost.adapting",
    "VariantSet": "crosspost.adapting",
    "adapt": "crosspost.project",
    "BatchResult": "crosspost.batch",
    "ItemResult": "crosspost.batch",
    "adapt_many": "crosspost.batch",
    "check": "crosspost.project",
    "check_paths": "crosspost.checking",
    "Config": "crosspost.config",
    "load_config": "crosspost.config",
    "MediaAsset": "crosspost.content.item",
    "SourceItem": "crosspost.content.item",
    "load_item": "crosspost.content.load",
    "plan": "crosspost.project",
    "Project": "crosspost.project",
    "Evaluation": "crosspost.evaluation.evaluate",
    "evaluate_project": "crosspost.evaluation.project",
    "Canvas": "crosspost.strategy.canvas",
    "load_canvas": "crosspost.strategy.canvas",
    "Finding": "crosspost.report",
    "Report": "crosspost.report",
    "FormatSpec": "crosspost.specs.platform",
    "PlatformSpec": "crosspost.specs.platform",
    "Policy": "crosspost.specs.policy",
    "load_policy": "crosspost.specs.policy",
    "SpecRegistry": "crosspost.specs.registry",
    "load_specs": "crosspost.specs.registry",
    "HandleMap": "crosspost.content.handles",
    "load_handles": "crosspost.content.handles",
    "VariantPlan": "crosspost.variant.plan",
    **dict.fromkeys(_ERRORS, "crosspost.errors"),
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'crosspost' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
