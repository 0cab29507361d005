"""The registry of platform formats: built-ins, user spec directories, then the policy.

Precedence, lowest first: the specs bundled with crosspost; each user spec directory in the order
given (a platform id defined again replaces the earlier definition whole, so a team can correct a
number before a release; `extends:` derives an instance from a platform); then the organisation
policy, which fills the `policy` tier of every format and may only tighten limits.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from ..errors import PolicyError, UnknownTargetError
from ..yamlsrc import YamlDoc, load_yaml_file
from .loader import build_platforms, builtin_spec_dir, read_docs, spec_files
from .platform import FormatSpec, PlatformSpec
from .policy import Policy, apply_policy, load_policy


class SpecFile(BaseModel):
    """A spec file a variant was planned and checked against, and how current it is."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    platform: str = Field(description="The platform id the file defines.")
    file: str = Field(description="The file: its name when bundled with crosspost, else its "
                      "path as loaded.")
    bundled: bool = Field(description="The file comes with crosspost (`crosspost_version`).")
    verified: date = Field(description="The file's `verified` date.")
    newest_source_read: date | None = Field(
        default=None, description="The newest `checked` date of its sources, when any says.")


class SpecRegistry:
    """Platforms and their formats, looked up by target (`instagram.reel`, or `x`)."""

    def __init__(
        self,
        platforms: Mapping[str, PlatformSpec],
        *,
        policy: Policy | None = None,
        origins: Mapping[str, str] | None = None,
        applied: bool = False,
    ) -> None:
        """``applied``: the formats of ``platforms`` hold ``policy``'s tier already (a
        registry kept by ``spec_cache``), so it is not applied again."""
        self.policy = policy
        self.origins = dict(origins or {})
        #: What the platforms were validated from (spec files and code), when ``load_specs``
        #: knows it (``spec_cache``): the result cache keys on it instead of their content.
        self.fingerprint: str | None = None
        self.platforms: dict[str, PlatformSpec] = {}
        self._formats: dict[str, FormatSpec] = {}
        for pid, spec in sorted(platforms.items()):
            formats = {
                key: apply_policy(fmt, policy) if policy and not applied else fmt
                for key, fmt in spec.formats.items()
            }
            spec = spec.model_copy(update={"formats": formats})
            self.platforms[pid] = spec
            for fmt in formats.values():
                self._formats[fmt.id] = fmt
        if policy:
            self._check_policy_keys(policy)

    def _check_policy_keys(self, policy: Policy) -> None:
        """A `platforms:` key that names nothing known would silently not apply (a typo)."""
        for name in policy.platforms:
            if name in self.platforms or name in self._formats:
                continue
            close = self.suggest(name)
            hint = f" (did you mean {' or '.join(close)}?)" if close else ""
            raise PolicyError(
                f"{name!r} is not a known platform or target{hint}",
                path=policy.path,
                line=policy.line_of(("platforms", name)),
                field=f"platforms.{name}",
            )

    def __repr__(self) -> str:
        policy = f", policy {self.policy.name!r}" if self.policy is not None else ""
        return (f"<SpecRegistry: {len(self.platforms)} platforms, {len(self._formats)} "
                f"formats{policy}>")

    def _repr_html_(self) -> str:
        from ..html.spec_view import registry_html

        return registry_html(self)

    def targets(self) -> list[str]:
        """Every `platform.format` id, sorted."""
        return sorted(self._formats)

    def normalise(self, target: str) -> str:
        """`x` becomes `x.post` (the platform's default format); unknown targets raise."""
        target = target.strip().lower()
        if target in self._formats:
            return target
        if target in self.platforms:
            return f"{target}.{self.platforms[target].default_format}"
        raise UnknownTargetError(target, self.suggest(target))

    def resolve(self, target: str) -> FormatSpec:
        """The format for a target, with the policy tier filled in."""
        return self._formats[self.normalise(target)]

    def platform_of(self, target: str) -> PlatformSpec:
        return self.platforms[self.normalise(target).split(".", 1)[0]]

    def suggest(self, target: str) -> list[str]:
        names = [*self._formats, *self.platforms]
        import difflib  # only for a name that is not known

        return difflib.get_close_matches(target, names, n=3, cutoff=0.6)

    def files_for(self, target: str) -> list[SpecFile]:
        """The spec files behind a target: its platform's file and the file it `extends:`."""
        found: list[SpecFile] = []
        pid: str | None = self.normalise(target).split(".", 1)[0]
        builtin = builtin_spec_dir().resolve()
        while pid is not None and pid in self.platforms and len(found) < 8:
            spec = self.platforms[pid]
            origin = self.origins.get(pid, "")
            path = Path(origin)
            bundled = bool(origin) and path.resolve().parent == builtin
            checked = [s.checked for s in spec.sources.values() if s.checked is not None]
            found.append(SpecFile(platform=pid, file=path.name if bundled else origin,
                                  bundled=bundled, verified=spec.verified,
                                  newest_source_read=max(checked, default=None)))
            pid = spec.extends if spec.extends != pid else None
        return found

    def enabled(self, target: str) -> bool:
        return not (self.policy and self.policy.is_disabled(self.normalise(target)))


def load_specs(
    spec_dirs: Iterable[str | Path] = (),
    policy: Policy | str | Path | None = None,
    *,
    builtin: bool = True,
    cache: Path | None = None,
) -> SpecRegistry:
    """Load the built-in specs, then each user directory, then apply the policy.

    ``cache`` (the user's cache folder, the CLI's choice) keeps the validated platforms there
    between runs (``spec_cache``), keyed by the spec files' bytes and crosspost's code.
    """
    layers: list[Path] = [builtin_spec_dir()] if builtin else []
    layers.extend(Path(d) for d in spec_dirs)

    def build() -> tuple[dict[str, PlatformSpec], dict[str, str]]:
        loaded: dict[str, tuple[PlatformSpec, YamlDoc]] = {}
        for directory in layers:
            loaded.update(build_platforms(read_docs(spec_files(directory)), loaded))
        return ({pid: spec for pid, (spec, _) in loaded.items()},
                {pid: doc.path for pid, (_, doc) in loaded.items()})

    fingerprint = None
    if cache is not None:
        from .spec_cache import cached_platforms, spec_cache_dir

        (platforms, origins), fingerprint = cached_platforms(layers, build,
                                                             spec_cache_dir(cache))
    else:
        platforms, origins = build()
    if policy is not None and not isinstance(policy, Policy):
        if cache is not None and fingerprint is not None:
            registry = _under_cached_policy(platforms, origins, Path(policy),
                                            fingerprint, spec_cache_dir(cache))
            registry.fingerprint = fingerprint
            return registry
        policy = load_policy(Path(policy))
    registry = SpecRegistry(platforms, policy=policy, origins=origins)
    registry.fingerprint = fingerprint
    return registry


def _under_cached_policy(platforms: dict[str, PlatformSpec], origins: dict[str, str],
                         path: Path, fingerprint: str, folder: Path) -> SpecRegistry:
    """The registry of ``platforms`` under the policy file ``path``, its validated policy and
    policy tiers kept in ``folder`` under the platforms' fingerprint and the file's parsed
    content: validating a policy builds the schema of every constraint block, and applying
    it checks each format; a policy that fails either is never stored."""
    from .policy import policy_of
    from .spec_cache import policy_entry, read_policy, write_policy

    doc = load_yaml_file(path, error=PolicyError)
    entry = policy_entry(folder, fingerprint, doc)
    found = read_policy(entry)
    if found is not None:
        applied, policy = found
        policy._doc = doc
        return SpecRegistry(applied, policy=policy, origins=origins, applied=True)
    registry = SpecRegistry(platforms, policy=policy_of(doc), origins=origins)
    assert registry.policy is not None
    write_policy(folder, entry, registry.platforms, registry.policy)
    return registry
