"""Citations of the documents in docs/sources resolve (issue 14 §4).

A citation is the path ``docs/sources/<name>.md`` alone (the whole document) or followed by
sections: ``§9.2``, ``§3.4, §3.5``, ``§2.2/§2.8``, ``§5.1–§5.6``, ``§5–8``. The file must exist
and each section must be a heading of it (``## 3. …`` is §3, ``### 3.2 …`` is §3.2); a section X.Y
with no heading of its own is item Y of the numbered list under §X (how the research notes'
summary in §0 is cited). Citations are looked for in every text file under src (the rule files
included), tests, bench, docs and examples, and in README.md. docs/sources/README.md says how to
cite.

``old_form_citations`` finds the citations written before docs/sources existed (the research notes
by bare name or abbreviation, the two source articles by their old names or paths) in comments,
docstrings, Markdown prose and TOML comments: text that no user sees. The repository-wide check is
switched on once those have been rewritten.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = "docs/" + "sources/"  # split so that this file's own examples are not citations
SCANNED = ("src", "tests", "bench", "docs", "examples", "README.md")
TEXT_SUFFIXES = {".py", ".md", ".toml", ".json", ".txt", ".html", ".yaml", ".yml", ".csv", ".j2",
                 ".js", ".css", ".cfg", ".ini"}
SKIPPED_DIRS = {"__pycache__", "artifacts", "node_modules", ".venv"}

_NUMBER = r"\d+(?:\.\d+)*"
_CITATION = re.compile(r"docs/sources/([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*\.md)")
_FIRST = re.compile(rf"[ \t]*§[ \t]?({_NUMBER})")
_MORE = re.compile(rf"\s*(?:,|/|、|;| and | or )\s*§[ \t]?({_NUMBER})|[ \t]?[-–〜~][ \t]?§?[ \t]?({_NUMBER})")
_HEADING = re.compile(rf"^#{{1,6}}[ \t]+§?[ \t]?({_NUMBER})(?:\.|[ \t]|$)")
_LIST_ITEM = re.compile(r"^\s*(\d+)\.\s")


@dataclass(frozen=True)
class Citation:
    path: str  # where the citation is, relative to the root
    line: int
    document: str  # the cited file's name in docs/sources
    sections: tuple[str, ...]  # empty: the whole document


def citations_in(text: str, path: str = "") -> list[Citation]:
    """Every docs/sources citation in ``text``, with the sections that follow it."""
    found: list[Citation] = []
    for m in _CITATION.finditer(text):
        sections: list[str] = []
        first = _FIRST.match(text, m.end())
        if first:
            sections.append(first.group(1))
            pos = first.end()
            while more := _MORE.match(text, pos):
                sections.append(more.group(1) or more.group(2))
                pos = more.end()
        found.append(Citation(path, text.count("\n", 0, m.start()) + 1, m.group(1), tuple(sections)))
    return found


def sections_of(markdown: str) -> set[str]:
    """The section numbers a document can be cited by: its numbered headings, and X.Y for item Y
    of a numbered list directly under heading X."""
    sections: set[str] = set()
    current: str | None = None
    fenced = False
    for line in markdown.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if fenced:
            continue
        heading = _HEADING.match(line)
        if heading:
            current = heading.group(1)
            sections.add(current)
        elif line.startswith("#"):
            current = None
        elif current is not None and (item := _LIST_ITEM.match(line)):
            sections.add(f"{current}.{item.group(1)}")
    return sections


def scanned_files(root: Path) -> list[Path]:
    files: list[Path] = []
    for name in SCANNED:
        top = root / name
        if top.is_file():
            files.append(top)
        elif top.is_dir():
            files += [p for p in sorted(top.rglob("*")) if p.is_file() and p.suffix in TEXT_SUFFIXES
                      and not SKIPPED_DIRS & set(p.relative_to(root).parts)]
    return files


def all_citations(root: Path) -> list[Citation]:
    found: list[Citation] = []
    for path in scanned_files(root):
        text = path.read_text(encoding="utf-8", errors="replace")
        found += citations_in(text, path.relative_to(root).as_posix())
    return found


def unresolved(root: Path) -> list[str]:
    """One line per citation whose document or section does not exist."""
    problems: list[str] = []
    documents: dict[str, set[str] | None] = {}
    for c in all_citations(root):
        if c.document not in documents:
            target = root / "docs" / "sources" / c.document
            text = target.read_text(encoding="utf-8") if target.is_file() else None
            documents[c.document] = None if text is None else sections_of(text)
        sections = documents[c.document]
        where = f"{c.path}:{c.line}: {SOURCES}{c.document}"
        if sections is None:
            problems.append(f"{where}: no such document")
            continue
        problems += [f"{where} §{s}: no such section" for s in c.sections if s not in sections]
    return problems


# ------------------------------------------------------------------ the repository

def test_every_citation_resolves() -> None:
    found = all_citations(ROOT)
    assert len(found) >= 20, "the scan found almost no citations: is it looking in the right place?"
    assert {c.document for c in found} >= {"law-sale-costs.md", "law-debt-divorce.md",
                                          "law-updates-2026.md", "seed1-short-sale.md",
                                          "seed2-divorce.md"}
    assert unresolved(ROOT) == []


def test_every_source_is_listed_in_the_readme_and_has_numbered_sections() -> None:
    folder = ROOT / "docs" / "sources"
    readme = (folder / "README.md").read_text(encoding="utf-8")
    documents = sorted(p.name for p in folder.glob("*.md") if p.name != "README.md")
    assert documents == ["auction-statistics.md", "calendar-eras.md", "family-court-property-list.md",
                         "law-debt-divorce.md",
                         "law-sale-costs.md",
                         "law-updates-2026.md", "mlit-comps.md", "mlit-price-index.md",
                         "mlit-reinfolib-api.md", "municipality-codes.md",
                         "seed1-short-sale.md", "seed2-divorce.md"]
    for name in documents:
        assert f"]({name})" in readme, f"{name} is not in docs/sources/README.md"
        text = (folder / name).read_text(encoding="utf-8")
        assert text.startswith("# ") or "\n# " in text, f"{name} has no title"
        assert len(sections_of(text)) >= 5, f"{name} has too few numbered sections to cite"


def test_the_research_notes_keep_the_sections_cited_before_the_move() -> None:
    """Sections the code cited by the notes' bare names (a sample, including a list item)."""
    for document, section in (("law-sale-costs.md", "9.2"), ("law-sale-costs.md", "0.8"),
                              ("law-debt-divorce.md", "4.6"), ("law-debt-divorce.md", "1.10"),
                              ("law-updates-2026.md", "7"), ("seed1-short-sale.md", "9"),
                              ("seed2-divorce.md", "11")):
        assert section in sections_of((ROOT / "docs" / "sources" / document).read_text(encoding="utf-8"))


# ------------------------------------------------------------------ the checker itself

def test_citations_are_read_with_their_sections() -> None:
    text = (f"see {SOURCES}a.md §3.4, §3.5 and {SOURCES}b.md §5–8; {SOURCES}a.md §2.2/§2.8\n"
            f"({SOURCES}c.md), {SOURCES}a.md §1.1–§1.3 table, {SOURCES}a.md§9")
    assert [(c.document, c.sections, c.line) for c in citations_in(text)] == [
        ("a.md", ("3.4", "3.5"), 1), ("b.md", ("5", "8"), 1), ("a.md", ("2.2", "2.8"), 1),
        ("c.md", (), 2), ("a.md", ("1.1", "1.3"), 2), ("a.md", ("9",), 2)]


def test_sections_are_headings_or_numbered_items_under_a_heading() -> None:
    doc = ("# Title\n\n## 0. Summary\n\n1. one\n2. two\n\n## 1. First\n### 1.2 Sub\n"
           "```\n## 7. not a heading in a code block\n```\n## Worked examples\n3. not under a number\n")
    assert sections_of(doc) == {"0", "0.1", "0.2", "1", "1.2"}


def test_the_checker_reports_a_missing_document_and_a_missing_section(tmp_path: Path) -> None:
    (tmp_path / "docs" / "sources").mkdir(parents=True)
    (tmp_path / "docs" / "sources" / "a.md").write_text("# A\n## 0. S\n1. x\n## 1. One\n### 1.2 Two\n",
                                                       encoding="utf-8")
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "m.py").write_text(
        f'"""Uses {SOURCES}a.md §1.2 and {SOURCES}a.md §0.1."""\n'
        f"# {SOURCES}a.md §1.3 is not there\n"
        f"X = 1  # {SOURCES}b.md §1\n", encoding="utf-8")
    (tmp_path / "README.md").write_text(f"Ranges: {SOURCES}a.md §1–4.\n", encoding="utf-8")
    assert unresolved(tmp_path) == [
        f"src/m.py:2: {SOURCES}a.md §1.3: no such section",
        f"src/m.py:3: {SOURCES}b.md: no such document",
        f"README.md:1: {SOURCES}a.md §4: no such section",
    ]


# ------------------------------------------------------------------ old-form citations

_NOTES = r"sale-costs|debt-divorce|updates-2026|updates"
_OLD_FORMS = re.compile(
    rf"(?<![\w/.-])law-(?:{_NOTES})(?:\.md|\s?§)|shared/domain|seeds/0\d\d|\b(?:LDD|LSC|LU)\s?§|"
    r"[Ss]eed (?:article )?\(?0\d\d|記事[12](?![0-9])|\b[Ss]eed articles?")
_ARTICLE_FILES = {"1": "seed1-short-sale.md", "2": "seed2-divorce.md"}
_USER_FACING_DECORATORS = {"command", "group", "get", "post", "put", "patch", "delete", "route",
                           "api_route", "websocket", "callback", "option", "argument"}


def _bare_string(node: ast.AST) -> bool:
    return (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str))


def _decorator_name(node: ast.expr) -> str:
    node = node.func if isinstance(node, ast.Call) else node
    return node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", "")


def python_prose(text: str, *, shipped: bool) -> list[tuple[int, str]]:
    """(first line, text) of each comment and bare string statement (docstring). In shipped code
    (src, bench) without the docstrings a program shows: a module's that reads ``__doc__``
    (argparse help), a class's with a base class (pydantic puts it in the JSON schema), a click
    command's or web route's (help and OpenAPI text)."""
    pieces = [(tok.start[0], tok.string) for tok in tokenize.generate_tokens(io.StringIO(text).readline)
              if tok.type == tokenize.COMMENT]
    tree = ast.parse(text)
    reads_doc = "__doc__" in {getattr(n, "id", None) or getattr(n, "attr", None) for n in ast.walk(tree)}
    hidden: set[int] = set()
    for node in ast.walk(tree) if shipped else ():
        body = getattr(node, "body", None)
        if not isinstance(body, list) or not body or not _bare_string(body[0]):
            continue
        if ((isinstance(node, ast.Module) and reads_doc) or (isinstance(node, ast.ClassDef) and node.bases)
                or (isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
                    and any(_decorator_name(d) in _USER_FACING_DECORATORS for d in node.decorator_list))):
            hidden.add(id(body[0]))
    for node in ast.walk(tree):
        if _bare_string(node) and id(node) not in hidden:
            assert isinstance(node, ast.Expr)
            assert isinstance(node.value, ast.Constant)
            pieces.append((node.lineno, str(node.value.value)))
    return pieces


def markdown_prose(text: str) -> list[tuple[int, str]]:
    """(line, text) of each line outside fenced code blocks, without its `inline code`."""
    pieces: list[tuple[int, str]] = []
    fenced = False
    for n, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        elif not fenced:
            pieces.append((n, re.sub(r"(`+).+?\1", " ", line)))
    return pieces


def toml_comments(text: str) -> list[tuple[int, str]]:
    """(line, text) of each ``#`` comment outside TOML strings."""
    pieces: list[tuple[int, str]] = []
    i, n = 0, len(text)
    while i < n:
        if text.startswith(('"""', "'''"), i):
            quote = text[i:i + 3]
            j = i + 3
            while j < n and not text.startswith(quote, j):
                j += 2 if (quote == '"""' and text[j] == "\\") else 1
            while text.startswith(quote[0], j + 3):
                j += 1
            i = j + 3
        elif text[i] in "\"'":
            j = i + 1
            while j < n and text[j] not in (text[i], "\n"):
                j += 2 if (text[i] == '"' and text[j] == "\\") else 1
            i = j + 1
        elif text[i] == "#":
            end = text.find("\n", i)
            end = n if end < 0 else end
            pieces.append((text.count("\n", 0, i) + 1, text[i:end]))
            i = end
        else:
            i += 1
    return pieces


def old_form_citations(root: Path) -> list[str]:
    """``path:line: words`` for each citation in the old form left in text no user sees: comments
    and docstrings in src, tests and bench; Markdown prose in docs (but docs/sources) and
    README.md; ``#`` comments in the rule files and examples. A source article named by its
    number or as the article counts as cited when its docs/sources file is cited on the same
    line."""
    found: list[str] = []
    files = [(p, "py") for d in ("src", "tests", "bench") for p in sorted((root / d).rglob("*.py"))]
    files += [(p, "md") for p in sorted((root / "docs").rglob("*.md"))
              if "sources" not in p.relative_to(root / "docs").parts[:1]]
    files += [(root / "README.md", "md")]
    files += [(p, "toml") for d in ("src/zansai/rules/data", "examples")
              for p in sorted((root / d).rglob("*.toml"))]
    for path, kind in files:
        if not path.is_file() or SKIPPED_DIRS & set(path.relative_to(root).parts):
            continue
        rel = path.relative_to(root).as_posix()
        text = path.read_text(encoding="utf-8")
        if kind == "py":
            pieces = python_prose(text, shipped=not rel.startswith("tests/"))
        elif kind == "md":
            pieces = markdown_prose(text)
        else:
            pieces = toml_comments(text)
        for first, piece in pieces:
            for offset, line in enumerate(piece.split("\n")):
                for m in _OLD_FORMS.finditer(line):
                    word = m.group(0)
                    if word.startswith("記事") and SOURCES + _ARTICLE_FILES[word[2]] in line:
                        continue
                    if word.lower().startswith("seed article") and SOURCES + "seed" in line:
                        continue
                    found.append(f"{rel}:{first + offset}: {word}")
    return found


def test_old_form_citations_are_found_only_where_no_user_reads_them(tmp_path: Path) -> None:
    """The finder on a tiny tree: comments, docstrings, Markdown prose and TOML comments count;
    strings a program prints, code blocks and TOML values do not."""
    old_note, old_abbrev = "law-sale-costs §9.2", "LDD §4.6"
    (tmp_path / "src" / "zansai" / "rules" / "data").mkdir(parents=True)
    (tmp_path / "src" / "zansai" / "m.py").write_text(
        f'"""Module: see {old_note}."""\n'
        f"# {old_abbrev}\n"
        f'MESSAGE = "記事1: shown to the user"\n'
        f'"""記事1 ({SOURCES}seed1-short-sale.md §2): cited on the same line."""\n'
        f"class Model(Base):\n"
        f'    """seed article: a schema description, left alone."""\n', encoding="utf-8")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_x.py").write_text(
        'def test_x() -> None:\n    """seed 004: a test docstring."""\n', encoding="utf-8")
    (tmp_path / "docs" / "sources").mkdir(parents=True)
    (tmp_path / "docs" / "x.md").write_text(
        f"Prose cites {old_note}.\n\n```\n記事2: output in a code block\n```\nand `記事2` in code.\n",
        encoding="utf-8")
    (tmp_path / "docs" / "sources" / "seed1-short-sale.md").write_text("記事1 itself\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("Nothing old here.\n", encoding="utf-8")
    (tmp_path / "src" / "zansai" / "rules" / "data" / "r.toml").write_text(
        f'# {old_abbrev} in a comment\nnote = "{old_note} # in a value"\n'
        f'description = """\n# {old_note} in a multi-line value\n"""\n', encoding="utf-8")
    assert old_form_citations(tmp_path) == [
        "src/zansai/m.py:2: LDD §",
        "src/zansai/m.py:1: law-sale-costs §",
        "tests/test_x.py:2: seed 004",
        "docs/x.md:1: law-sale-costs §",
        "src/zansai/rules/data/r.toml:1: LDD §",
    ]


def test_no_old_form_citations_in_code() -> None:
    assert old_form_citations(ROOT) == []
