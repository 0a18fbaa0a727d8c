"""Splits the text of a Vietnamese legal document into its structure.

Pure Python (no Django): the drafting conventions of Decree 34/2016 / Law on legal documents —
"Chương I" + title line, "Mục 1. Title", "Điều 23. Title", clauses "1.", points "a)" (also "đ)").
Lines before the first chapter or article are the preamble (header, "Căn cứ ..."). Lines the
parser cannot place (a clause out of sequence, a point outside any article, text after the
signature block, ...) are returned in `unplaced` with their line numbers for the preview.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

CHAPTER = re.compile(r"^Chương\s+([IVXLC]+)\b\.?\s*(.*)$", re.IGNORECASE)
SECTION = re.compile(r"^Mục\s+(\d+)\b\.?\s*(.*)$", re.IGNORECASE)
ARTICLE = re.compile(r"^Điều\s+(\d+[a-z]?)\s*\.\s*(.*)$")
CLAUSE = re.compile(r"^(\d+[a-z]?)\.\s+(.+)$")
POINT = re.compile(r"^([a-zđ]\d?)\)\s+(.+)$")
# Lines that end the body: the signature and distribution blocks.
TAIL = re.compile(r"^(Nơi nhận\s*:|TM\.|KT\.|CHỦ TỊCH QUỐC HỘI|BỘ TRƯỞNG\b|THỦ TƯỚNG\b)")

KINDS = ("chuong", "muc", "dieu", "khoan", "diem")
LABELS = {"chuong": "Chương", "muc": "Mục", "dieu": "Điều", "khoan": "Khoản", "diem": "Điểm"}


class ParseError(ValueError):
    """The text is not a legal document this parser can structure (message in Vietnamese)."""


@dataclass
class Node:
    kind: str
    number: str
    title: str = ""
    text: str = ""
    children: list[Node] = field(default_factory=list)
    anchor: str = ""

    def add_text(self, line: str) -> None:
        self.text = f"{self.text}\n{line}" if self.text else line

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class ParseResult:
    preamble: list[str]
    nodes: list[Node]
    unplaced: list[tuple[int, str]]

    def articles(self) -> list[Node]:
        return [n for top in self.nodes for n in top.walk() if n.kind == "dieu"]


def anchor_for(article: str, clause: str | None = None, point: str | None = None) -> str:
    """`dieu-23`, `dieu-23-khoan-2`, `dieu-23-khoan-2-diem-a` (point letters folded: đ -> dd)."""
    anchor = f"dieu-{article.lower()}"
    if clause:
        anchor += f"-khoan-{clause.lower()}"
    if point:
        anchor += f"-diem-{point.lower().replace('đ', 'dd')}"
    return anchor


def _roman(value: str) -> int:
    numerals = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    total = 0
    for i, ch in enumerate(value.upper()):
        n = numerals[ch]
        nxt = numerals.get(value.upper()[i + 1], 0) if i + 1 < len(value) else 0
        total += -n if n < nxt else n
    return total


POINT_ORDER = "abcdđeghiklmnopqrstuvxy"


def _next_point_ok(prev: str | None, letter: str) -> bool:
    base = letter[0]
    if base not in POINT_ORDER:
        return False
    if prev is None:
        return base == "a"
    return POINT_ORDER.index(base) == POINT_ORDER.index(prev[0]) + 1 or (
        len(letter) > 1 and base == prev[0]
    )


def _clean(line: str) -> str:
    return " ".join(line.replace("\u00a0", " ").split())


def parse(text: str) -> ParseResult:
    """Parse `text`; raises ParseError when no article ("Điều N.") can be found."""
    if not text or not text.strip():
        raise ParseError("Văn bản trống: không có nội dung để tách Điều, khoản.")
    preamble: list[str] = []
    nodes: list[Node] = []
    unplaced: list[tuple[int, str]] = []
    chapter = section = article = clause = point = None
    want_title: Node | None = None  # a chapter/section whose title is on the next line
    seen_articles: set[str] = set()
    tail = False

    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = _clean(raw)
        if not line:
            continue
        if tail:
            unplaced.append((lineno, line))
            continue
        if want_title is not None:
            node, want_title = want_title, None
            if not (CHAPTER.match(line) or SECTION.match(line) or ARTICLE.match(line)):
                node.title = line
                continue
        m = CHAPTER.match(line)
        if m and (not m.group(2) or m.group(2).isupper() or m.group(2)[0].isupper()):
            chapter = Node("chuong", m.group(1).upper(), m.group(2).strip(" .:"))
            chapter.anchor = f"chuong-{_roman(chapter.number)}"
            nodes.append(chapter)
            section = article = clause = point = None
            want_title = chapter if not chapter.title else None
            continue
        m = SECTION.match(line)
        if m and clause is None and (article is None or not article.text):
            section = Node("muc", m.group(1), m.group(2).strip(" .:"))
            section.anchor = (f"{chapter.anchor}-" if chapter else "") + f"muc-{section.number}"
            (chapter.children if chapter else nodes).append(section)
            article = clause = point = None
            want_title = section if not section.title else None
            continue
        m = ARTICLE.match(line)
        if m:
            number = m.group(1)
            article = Node("dieu", number, m.group(2).strip(), anchor=anchor_for(number))
            clause = point = None
            if number in seen_articles:
                unplaced.append((lineno, line))
                article = None
                continue
            seen_articles.add(number)
            parent = section or chapter
            (parent.children if parent else nodes).append(article)
            continue
        if article is None:
            if chapter is None and not nodes:
                preamble.append(line)
            else:
                unplaced.append((lineno, line))
            continue
        if TAIL.match(line):
            tail = True
            unplaced.append((lineno, line))
            continue
        m = CLAUSE.match(line)
        if m:
            number = m.group(1)
            expected = str(int(clause.number.rstrip("abcdefgh")) + 1) if clause else "1"
            if number == expected or (clause and number.startswith(clause.number.rstrip("abcdefgh"))
                                      and number != clause.number):
                clause = Node("khoan", number, anchor=anchor_for(article.number, number))
                clause.add_text(m.group(2))
                article.children.append(clause)
                point = None
                continue
            unplaced.append((lineno, line))
            continue
        m = POINT.match(line)
        if m:
            letter = m.group(1)
            owner = clause or article
            if _next_point_ok(point.number if point else None, letter):
                point = Node("diem", letter,
                             anchor=anchor_for(article.number, clause.number if clause else None,
                                               letter))
                point.add_text(m.group(2))
                owner.children.append(point)
                continue
            unplaced.append((lineno, line))
            continue
        # A plain paragraph: the article's lead-in before its clauses, or a closing paragraph
        # of the current clause (after its points).
        if point is not None and clause is None:
            point.add_text(line)
        elif clause is not None:
            clause.add_text(line)
        else:
            article.add_text(line)

    if not seen_articles:
        raise ParseError(
            "Không tìm thấy Điều nào (dòng bắt đầu bằng “Điều 1.”, “Điều 2.”, …). "
            "Hãy kiểm tra tệp có phải văn bản quy phạm pháp luật không."
        )
    return ParseResult(preamble, nodes, unplaced)
