"""The question bank's file format (the contract with whoever writes the bank):

    {"_about": "...",
     "questions": [{"document": "luat_06_2022", "anchor": "dieu-93-khoan-2",
                    "text": "...", "choices": [{"text": "...", "correct": true}, ...],
                    "explanation": "..."}]}

`read_bank` checks a whole file and returns the questions, or raises BankError with every
problem found (Vietnamese, numbered as the officer sees them: câu 1, 2…). Nothing is saved
here: `services.import_questions` saves them in one transaction."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from .models import ANCHOR_RE

MAX_QUESTIONS = 2000
MIN_CHOICES, MAX_CHOICES = 2, 8
DEFAULT_FILE = Path(__file__).resolve().parent / "data" / "question_bank.json"


class BankError(ValueError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass
class QuestionSpec:
    document: str
    anchor: str
    text: str
    choices: list[tuple[str, bool]] = field(default_factory=list)
    explanation: str = ""


def _text(value) -> str:
    return " ".join(str(value).split()) if isinstance(value, str) else ""


def parse_bank(data, known_documents: set[str] | None = None) -> list[QuestionSpec]:
    """Validate the decoded JSON. `known_documents`: LegalDocument codes present (None: not
    checked)."""
    if not isinstance(data, dict) or not isinstance(data.get("questions"), list):
        raise BankError(['Tệp phải là một đối tượng JSON có danh sách "questions".'])
    items = data["questions"]
    if not items:
        raise BankError(["Tệp không có câu hỏi nào."])
    if len(items) > MAX_QUESTIONS:
        raise BankError([f"Tệp có quá nhiều câu hỏi (tối đa {MAX_QUESTIONS})."])
    problems: list[str] = []
    specs: list[QuestionSpec] = []
    for i, item in enumerate(items, start=1):
        where = f"Câu {i}"
        if not isinstance(item, dict):
            problems.append(f"{where}: không đúng cấu trúc.")
            continue
        document = _text(item.get("document"))
        anchor = _text(item.get("anchor")).lower()
        text = _text(item.get("text"))
        explanation = str(item.get("explanation") or "").strip()
        if not document:
            problems.append(f"{where}: thiếu mã văn bản (document).")
        elif known_documents is not None and document not in known_documents:
            problems.append(f"{where}: văn bản “{document}” chưa có trong thư viện pháp luật.")
        if not ANCHOR_RE.match(anchor):
            problems.append(f"{where}: điều, khoản (anchor) phải có dạng dieu-93 hoặc "
                            "dieu-93-khoan-2.")
        if not text:
            problems.append(f"{where}: thiếu nội dung câu hỏi.")
        raw = item.get("choices")
        choices: list[tuple[str, bool]] = []
        if not isinstance(raw, list) or not MIN_CHOICES <= len(raw) <= MAX_CHOICES:
            problems.append(f"{where}: cần từ {MIN_CHOICES} đến {MAX_CHOICES} phương án trả lời.")
        else:
            for c in raw:
                c_text = _text(c.get("text")) if isinstance(c, dict) else ""
                if not c_text:
                    problems.append(f"{where}: có phương án trả lời để trống.")
                    break
                choices.append((c_text[:1000], c.get("correct") is True))
            else:
                if not any(ok for _, ok in choices):
                    problems.append(f"{where}: chưa đánh dấu phương án đúng.")
                elif all(ok for _, ok in choices):
                    problems.append(f"{where}: không thể mọi phương án đều đúng.")
                if len({t for t, _ in choices}) != len(choices):
                    problems.append(f"{where}: có hai phương án trùng nhau.")
        specs.append(QuestionSpec(document, anchor, text, choices, explanation))
    if problems:
        raise BankError(problems)
    return specs


def read_bank(raw: bytes | str, known_documents: set[str] | None = None) -> list[QuestionSpec]:
    """Decode a file's bytes (UTF-8, with or without BOM) and validate it."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise BankError(["Tệp phải được mã hóa UTF-8."]) from exc
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise BankError([f"Tệp không phải JSON hợp lệ (dòng {exc.lineno}, cột {exc.colno})."]
                        ) from exc
    return parse_bank(data, known_documents)


def read_default(known_documents: set[str] | None = None) -> list[QuestionSpec]:
    return read_bank(DEFAULT_FILE.read_bytes(), known_documents)
