"""`crosspost completion bash|zsh|fish`: a static completion script made from the parser.

Static, so that pressing Tab never starts Python: the script knows every command, option and
choice, and completes paths elsewhere. Install it as docs/cli.md#shell-completion shows.
"""

from __future__ import annotations

import argparse
import shlex
from collections.abc import Iterator
from typing import Any, NamedTuple

SHELLS = ("bash", "zsh", "fish")


def register(commands: Any) -> None:
    parser = commands.add_parser("completion", help="print a shell completion script")
    parser.add_argument("shell", choices=SHELLS, help="the shell to complete in")
    parser.set_defaults(run=run)


class Command(NamedTuple):
    """One (sub)command: its words, options, choices per option and subcommands. (A named
    tuple, not a dataclass: every command builds this parser, and importing dataclasses
    loads ``inspect``, about a sixth of what `crosspost --version` costs.)"""

    path: tuple[str, ...]
    options: tuple[str, ...]
    choices: dict[str, tuple[str, ...]]
    takes_value: frozenset[str]
    subcommands: tuple[str, ...]
    positional_choices: tuple[str, ...]


def walk(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> Iterator[Command]:
    options: list[str] = []
    choices: dict[str, tuple[str, ...]] = {}
    takes_value: set[str] = set()
    subcommands: list[str] = []
    positional: list[str] = []
    children: list[tuple[str, argparse.ArgumentParser]] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                subcommands.append(name)
                children.append((name, child))
            continue
        if action.help == argparse.SUPPRESS:
            continue
        if action.option_strings:
            options.extend(action.option_strings)
            if action.nargs != 0:
                takes_value.update(action.option_strings)
            if action.choices:
                for option in action.option_strings:
                    choices[option] = tuple(str(c) for c in action.choices)
        elif action.choices:
            positional.extend(str(c) for c in action.choices)
    yield Command(path, tuple(options), choices, frozenset(takes_value), tuple(subcommands),
                  tuple(positional))
    for name, child in children:
        yield from walk(child, (*path, name))


def bash_script(parser: argparse.ArgumentParser) -> str:
    """A bash (and zsh, through bashcompinit) function that completes by command path."""
    cases = []
    for command in walk(parser):
        key = " ".join(command.path)
        words = " ".join((*command.subcommands, *command.positional_choices))
        option_cases = "".join(
            f"        {shlex.quote(opt)}) COMPREPLY=($(compgen -W {shlex.quote(' '.join(vals))}"
            ' -- "$cur")); return;;\n'
            for opt, vals in command.choices.items()
        )
        valued = "|".join(sorted(o for o in command.takes_value if o not in command.choices))
        if valued:
            option_cases += (f'        {valued}) COMPREPLY=($(compgen -f -- "$cur")); '
                             "return;;\n")
        files = "" if command.subcommands else ' $(compgen -f -- "$cur")'
        cases.append(
            f"    {shlex.quote(key)})\n"
            f'      case "$prev" in\n{option_cases}      esac\n'
            f'      if [[ "$cur" == -* ]]; then\n'
            f"        COMPREPLY=($(compgen -W {shlex.quote(' '.join(command.options))}"
            ' -- "$cur"))\n'
            f"      else\n"
            f'        COMPREPLY=($(compgen -W {shlex.quote(words)} -- "$cur"){files})\n'
            f"      fi;;\n"
        )
    return (
        "# crosspost completion for bash; zsh: autoload -U bashcompinit && bashcompinit first\n"
        "_crosspost() {\n"
        '  local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}"\n'
        '  local path="" i word\n'
        "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
        '    word="${COMP_WORDS[i]}"\n'
        '    [[ "$word" == -* ]] && continue\n'
        '    if _crosspost_is_command "${path:+$path }$word"; then path="${path:+$path }$word";'
        " fi\n"
        "  done\n"
        '  case "$path" in\n'
        f"{''.join(cases)}"
        "  esac\n"
        "}\n"
        "_crosspost_is_command() {\n"
        '  case "$1" in\n'
        f"    {'|'.join(shlex.quote(' '.join(c.path)) for c in walk(parser) if c.path)})"
        " return 0;;\n"
        "  esac\n"
        "  return 1\n"
        "}\n"
        "complete -o default -F _crosspost crosspost\n"
    )


def fish_script(parser: argparse.ArgumentParser) -> str:
    """``complete -c crosspost`` lines, one per option, guarded by the command path."""
    lines = ["# crosspost completion for fish", "complete -c crosspost -f"]
    for command in walk(parser):
        if command.path:
            guard = " && ".join(f"__fish_seen_subcommand_from {p}" for p in command.path)
        else:
            guard = "__fish_use_subcommand"
        for sub in command.subcommands:
            lines.append(f"complete -c crosspost -n {shlex.quote(guard)} -a {shlex.quote(sub)}")
        for choice in command.positional_choices:
            lines.append(f"complete -c crosspost -n {shlex.quote(guard)} -a {shlex.quote(choice)}")
        for option in command.options:
            flag = f"-l {option[2:]}" if option.startswith("--") else f"-s {option[1:]}"
            values = command.choices.get(option)
            extra = f" -x -a {shlex.quote(' '.join(values))}" if values else (
                " -r -F" if option in command.takes_value else "")
            lines.append(f"complete -c crosspost -n {shlex.quote(guard)} {flag}{extra}")
        if command.path and not command.subcommands:
            lines.append(f"complete -c crosspost -n {shlex.quote(guard)} -F")
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    from . import build_parser
    from .common import emit

    parser = build_parser()
    emit(fish_script(parser) if args.shell == "fish" else bash_script(parser), None)
    return 0
