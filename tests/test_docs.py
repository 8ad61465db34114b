"""The docs keep up with the code: every hook documented, every link resolving.

``docs/hooks.md`` must have, for each hook in ``core.hookspecs.HOOK_NAMES``,
a ``## <name>`` heading, the hook's exact signature in a python code block,
and at least one more python code block (the example). The checks read the
Markdown as text, so they need no app, database or fixture.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from core import hookspecs

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
HOOKS_MD = DOCS / "hooks.md"

_FENCE = re.compile(r"^```([\w+-]*)[^\n]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
_H2 = re.compile(r"^## +(.+?)[ \t]*$", re.MULTILINE)
_INLINE_CODE = re.compile(r"`[^`\n]*`")
_INLINE_LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_REFERENCE_LINK = re.compile(r"^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$", re.MULTILINE)
_EXTERNAL = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//|#)")
_STARS: dict[Any, str] = {
    inspect.Parameter.VAR_POSITIONAL: "*",
    inspect.Parameter.VAR_KEYWORD: "**",
}


def _normalise(text: str) -> str:
    """Whitespace-insensitive form, so a signature wrapped over lines still matches."""
    text = " ".join(text.split())
    text = re.sub(r"\(\s+", "(", text)
    text = re.sub(r",?\s*\)", ")", text)
    return text


def rendered_signature(function: Callable[..., Any]) -> str:
    """``def name(arg: Ann, ...) -> Ret:`` as written in hookspecs.py.

    ``core.hookspecs`` uses ``from __future__ import annotations``, so the
    annotations are the source strings; ``str(inspect.signature(...))``
    would quote them, hence the signature is assembled here.
    """
    signature = inspect.signature(function)
    parts: list[str] = []
    keyword_only_marked = False
    parameters = list(signature.parameters.values())
    for index, parameter in enumerate(parameters):
        if parameter.kind is inspect.Parameter.KEYWORD_ONLY and not keyword_only_marked:
            parts.append("*")
            keyword_only_marked = True
        prefix = _STARS.get(parameter.kind, "")
        if parameter.kind is inspect.Parameter.VAR_POSITIONAL:
            keyword_only_marked = True
        text = prefix + parameter.name
        if parameter.annotation is not inspect.Parameter.empty:
            text += f": {parameter.annotation}"
        if parameter.default is not inspect.Parameter.empty:
            separator = " = " if parameter.annotation is not inspect.Parameter.empty else "="
            text += f"{separator}{parameter.default!r}"
        parts.append(text)
        is_last_positional_only = parameter.kind is inspect.Parameter.POSITIONAL_ONLY and (
            index + 1 == len(parameters)
            or parameters[index + 1].kind is not inspect.Parameter.POSITIONAL_ONLY
        )
        if is_last_positional_only:
            parts.append("/")
    returns = ""
    if signature.return_annotation is not inspect.Signature.empty:
        returns = f" -> {signature.return_annotation}"
    return f"def {function.__name__}({', '.join(parts)}){returns}:"


def _sections(markdown: str) -> list[tuple[str, str]]:
    """Each ``## `` heading with the text under it, up to the next one."""
    # Blank out fenced code (keeping every offset) so a "## " line in a block is no heading.
    masked = _FENCE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), markdown)
    headings = list(_H2.finditer(masked))
    sections = []
    for number, heading in enumerate(headings):
        end = headings[number + 1].start() if number + 1 < len(headings) else len(markdown)
        sections.append((heading.group(1), markdown[heading.end() : end]))
    return sections


def _python_blocks(text: str) -> list[str]:
    return [m.group(2) for m in _FENCE.finditer(text) if m.group(1).lower() in {"python", "py"}]


def _hooks_sections() -> list[tuple[str, str]]:
    assert HOOKS_MD.is_file(), f"{HOOKS_MD} is missing"
    return _sections(HOOKS_MD.read_text("utf-8"))


def _source_signature(function: Callable[..., Any]) -> str:
    """The ``def`` line(s) of ``function`` as written in its module."""
    lines = inspect.getsource(function).splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("def "))
    end = next(i for i in range(start, len(lines)) if lines[i].rstrip().endswith(":"))
    return "\n".join(lines[start : end + 1])


@pytest.mark.parametrize("name", hookspecs.HOOK_NAMES)
def test_rendered_signature_matches_hookspecs_source(name: str) -> None:
    function = getattr(hookspecs, name)
    assert _normalise(rendered_signature(function)) == _normalise(_source_signature(function))


@pytest.mark.parametrize("name", hookspecs.HOOK_NAMES)
def test_every_hook_is_documented_with_signature_and_example(name: str) -> None:
    sections = dict(_hooks_sections())
    assert name in sections, f"docs/hooks.md has no '## {name}' heading"
    blocks = _python_blocks(sections[name])
    expected = _normalise(rendered_signature(getattr(hookspecs, name)))
    # The signature has a block of its own, so an example cannot stand in for it.
    signature_blocks = [i for i, block in enumerate(blocks) if _normalise(block) == expected]
    assert signature_blocks, (
        f"docs/hooks.md, section {name}: no python code block holding exactly the signature\n"
        f"    {expected}"
    )
    examples = [block for i, block in enumerate(blocks) if i != signature_blocks[0]]
    assert examples, f"docs/hooks.md, section {name}: no example python code block"


def test_hooks_md_documents_no_hook_that_does_not_exist() -> None:
    documented = [title for title, _ in _hooks_sections() if title.startswith("juwei_")]
    unknown = sorted(set(documented) - set(hookspecs.HOOK_NAMES))
    assert not unknown, f"docs/hooks.md documents hooks that core.hookspecs lacks: {unknown}"
    duplicated = sorted({title for title in documented if documented.count(title) > 1})
    assert not duplicated, f"docs/hooks.md documents these hooks twice: {duplicated}"


def _markdown_files() -> list[Path]:
    return sorted(DOCS.rglob("*.md"))


def _relative_links(markdown: str) -> list[str]:
    prose = _INLINE_CODE.sub("", _FENCE.sub("", markdown))
    targets = [*_INLINE_LINK.findall(prose), *_REFERENCE_LINK.findall(prose)]
    return [target for target in targets if not _EXTERNAL.match(target)]


def test_docs_folder_has_markdown_files() -> None:
    names = {path.relative_to(DOCS).as_posix() for path in _markdown_files()}
    assert {"README.md", "hooks.md", "operator-guide.md", "plugin-guide.md"} <= names
    assert "user-guide/README.md" in names


@pytest.mark.parametrize(
    "path", _markdown_files(), ids=lambda path: path.relative_to(DOCS).as_posix()
)
def test_every_relative_link_in_docs_points_to_an_existing_file(path: Path) -> None:
    broken = []
    for target in _relative_links(path.read_text("utf-8")):
        file_part = target.split("#", 1)[0].split("?", 1)[0]
        if not file_part:
            continue
        if not (path.parent / file_part).resolve().exists():
            broken.append(target)
    assert not broken, f"{path.relative_to(ROOT)} links to missing files: {broken}"
