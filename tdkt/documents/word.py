"""Word documents from plain data: context builders and the docxtpl renderer.

Nothing here touches the database: `contexts.py` turns model rows into the dataclasses below,
the benchmark builds them in memory. Template sources are a path or bytes (an uploaded
version); rendering uses a strict Jinja environment so that a template naming an unknown
field fails validation instead of printing nothing, and Jinja's immutable sandbox so that an
uploaded template cannot reach Python internals (`''.__class__`, `cycler.__init__.__globals__`)
and run code, nor build a string large enough to exhaust memory.
"""

from __future__ import annotations

import datetime
import io
import multiprocessing
import os
import re
import resource
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from docxtpl import DocxTemplate
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from . import awardees
from . import formats as f
from .docx_builder import DEFAULT_DIR, LEFT_COL, RIGHT_COL
from .fit import fit_header

HEAD_TITLES = (
    "Bộ trưởng", "Thứ trưởng", "Chủ tịch", "Cục trưởng", "Phó Cục trưởng", "Giám đốc",
    "Phó Giám đốc", "Vụ trưởng", "Chánh Văn phòng", "Chánh Thanh tra", "Viện trưởng",
    "Hiệu trưởng", "Tổng Biên tập", "Trưởng", "Phó Trưởng",
)

# No rendered value of a template may be longer than this (a full decision list is far less).
MAX_RENDERED_CHARS = 1_000_000


class TemplateSandbox(ImmutableSandboxedEnvironment):
    """Jinja's sandbox, which also refuses `*` and `**` that would build huge values."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context, operator, left, right):
        if operator == "**" and isinstance(right, int | float) and abs(right) > 100:
            raise SecurityError("exponent too large")
        if operator == "*":
            sizes = [len(v) for v in (left, right) if isinstance(v, str | list | tuple)]
            counts = [v for v in (left, right) if isinstance(v, int) and not isinstance(v, bool)]
            if sizes and counts and sizes[0] * max(counts[0], 0) > MAX_RENDERED_CHARS:
                raise SecurityError("repetition too large")
        return super().call_binop(context, operator, left, right)


# Uploaded template sources are untrusted: every render goes through the sandbox.
_ENV = TemplateSandbox(undefined=jinja2.StrictUndefined, autoescape=False)


def default_template(kind: str) -> Path:
    return DEFAULT_DIR / f"{kind}.docx"


def render_docx(kind: str, context: dict, source: Path | bytes | None = None) -> bytes:
    """Render one template (the bundled default unless `source` is given) to .docx bytes.

    An uploaded template (`source` as bytes) renders in a forked child process with a time and
    memory limit: the sandbox stops access to Python internals, but `'a'|center(10**9)` or
    nested `range` loops would still hold a web or task worker for as long as they like.
    Header names and the place-date line are broken where a document breaks them (fit.py).
    """
    context = fit_header(context, LEFT_COL, RIGHT_COL)
    if source is None:
        return _render(default_template(kind), context)
    if isinstance(source, bytes | bytearray):
        return render_limited(bytes(source), context)
    return _render(source, context)


def _render(source, context: dict) -> bytes:
    if isinstance(source, bytes | bytearray):
        source = io.BytesIO(source)
    tpl = DocxTemplate(source)
    tpl.render(context, jinja_env=_ENV, autoescape=True)
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


# Limits for rendering an uploaded template (a 500-name decision takes well under a second
# and a few tens of MB).
RENDER_SECONDS = 20
RENDER_EXTRA_BYTES = 256 * 1024 * 1024


class TemplateResourceError(SecurityError):
    """The template ran past the time or memory allowed for one document."""


def _address_space() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def _render_child(conn, source: bytes, context: dict) -> None:  # pragma: no cover - in child
    try:
        limit = _address_space() + RENDER_EXTRA_BYTES
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        conn.send(("ok", _render(source, context)))
    except MemoryError:
        conn.send(("limit", "memory"))
    except Exception as exc:  # noqa: BLE001 - sent back and raised in the parent
        try:
            conn.send(("error", exc))
        except Exception:  # noqa: BLE001 - an exception that does not pickle
            conn.send(("error", RuntimeError(f"{exc.__class__.__name__}: {exc}")))
    finally:
        conn.close()


def render_limited(source: bytes, context: dict) -> bytes:
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_render_child, args=(send, source, context), daemon=True)
    child.start()
    send.close()
    try:
        if not receive.poll(RENDER_SECONDS):
            raise TemplateResourceError("time limit")
        try:
            status, value = receive.recv()
        except EOFError:  # the child died (killed by the memory limit)
            raise TemplateResourceError("memory limit") from None
    finally:
        receive.close()
        if child.is_alive():
            child.kill()
        child.join()
    if status == "ok":
        return value
    if status == "limit":
        raise TemplateResourceError(value)
    raise value


# --- shared pieces --------------------------------------------------------------------------


def head_of(authority: str) -> str:
    """"Bộ trưởng Bộ Tư pháp" -> "Bộ trưởng"."""
    for title in sorted(HEAD_TITLES, key=len, reverse=True):
        if authority.lower().startswith(title.lower()):
            return authority[: len(title)]
    return authority


def signing_lines(authority: str, signer_title: str) -> tuple[str, str]:
    """("BỘ TRƯỞNG", "") when the head signs; ("KT. BỘ TRƯỞNG", "THỨ TRƯỞNG") for a deputy."""
    head = head_of(authority)
    signer = (signer_title or head).strip()
    if signer.upper().startswith(("KT.", "TL.", "TM.", "TUQ.", "Q.")):
        prefix, _, rest = signer.partition(" ")
        return f"{prefix.upper()} {head.upper()}", rest.upper()
    if signer.lower() == head.lower() or not signer:
        return head.upper(), ""
    return f"KT. {head.upper()}", signer.upper()


def legal_bases(text: str) -> list[str]:
    """One basis per line; each ends with ";" and the last with "."."""
    lines = [line.strip().rstrip(";.").strip() for line in (text or "").splitlines()]
    lines = [line for line in lines if line]
    return [f"{line};" for line in lines[:-1]] + [f"{line}." for line in lines[-1:]]


def place_of(unit_name: str) -> str:
    lowered = unit_name or ""
    for marker in (" thành phố ", " tỉnh ", " Thành phố ", " Tỉnh "):
        if marker in lowered:
            return lowered.split(marker, 1)[1].strip()
    return "Hà Nội"


# --- decision --------------------------------------------------------------------------------


@dataclass
class Recipient:
    """One line of an attached list."""

    kind: str  # "individual" | "collective"
    name: str  # full name, or the unit's full official name
    gender: str = ""
    position: str = ""
    unit_name: str = ""  # the person's department; for a collective, the agency above it
    award_name: str = ""
    achievement: str = ""
    agency: str = ""  # the person's agency (unit with legal status), see awardees.py

    @property
    def designation(self) -> awardees.Designation:
        if self.kind == "individual":
            return awardees.person(self.name, self.gender, self.position, self.unit_name,
                                   self.agency)
        return awardees.collective(self.name, self.unit_name)

    @property
    def display_name(self) -> str:
        return self.designation.name

    @property
    def detail(self) -> str:
        return self.designation.detail


@dataclass
class DecisionData:
    number: str
    signed_on: datetime.date | None
    issuer_name: str  # "Bộ Tư pháp"
    authority: str  # "Bộ trưởng Bộ Tư pháp"
    signer_name: str
    signer_title: str
    subject: str  # trích yếu
    bases: str
    award_name: str
    award_is_title: bool = False
    achievement: str = ""
    parent_body: str = ""
    place: str = "Hà Nội"
    issuer_code: str = "BTP"
    own_name: str = ""  # the issuing body's header line ("SỞ TƯ PHÁP"); else issuer_name
    recipients: list[Recipient] = field(default_factory=list)


def _list_rows(recipients: list[Recipient], with_award=False) -> list[dict]:
    rows = []
    for i, r in enumerate(recipients, start=1):
        row = {"stt": i, "name": r.display_name, "detail": r.detail}
        if with_award:
            # The list is already split into collectives and individuals: the award without
            # its "(tập thể)" / "(cá nhân)" variant.
            row["award"] = f.award_base(r.award_name)
            row["achievement"] = r.achievement
        rows.append(row)
    return rows


def tdkt_decree(day: datetime.date | None) -> str:
    if day and day < datetime.date(2025, 7, 1):
        return "Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ"
    return "Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ"


def decision_context(d: DecisionData) -> dict:
    collectives = [r for r in d.recipients if r.kind == "collective"]
    individuals = [r for r in d.recipients if r.kind != "collective"]
    number = f.decision_number(d.number)
    award = f"danh hiệu “{d.award_name}”" if d.award_is_title else d.award_name
    count = f.plural_count(len(collectives), len(individuals))
    subject = d.subject.strip() or f"Về việc tặng {award}"
    if not subject.lower().startswith("về việc"):
        subject = f"Về việc {subject[0].lower()}{subject[1:]}"
    # Article 1 uses the subject's verb: a title is "công nhận" where the decision says so.
    verb = "Công nhận" if "công nhận" in subject.lower() else "Tặng"
    sign_1, sign_2 = signing_lines(d.authority, d.signer_title)
    achievement = (d.achievement or "đã có thành tích xuất sắc").strip().rstrip(".")
    body = "Bộ Tư pháp" if d.issuer_code == "BTP" else d.issuer_name
    if d.issuer_code == "BTP":
        executors = ("Chánh Văn phòng Bộ, Vụ trưởng Vụ Tổ chức cán bộ, Thủ trưởng các đơn vị "
                     "có liên quan")
    else:
        executors = "Chánh Văn phòng, Thủ trưởng các đơn vị có liên quan"
    recipients = ["- Như Điều 3;"]
    if sign_2:
        recipients.append(f"- {head_of(d.authority)} (để b/c);")
    if d.issuer_code == "BTP":
        recipients.append("- Cổng Thông tin điện tử Bộ Tư pháp;")
    recipients.append("- Lưu: VT, TCCB." if d.issuer_code == "BTP" else "- Lưu: VT.")
    list_who = ("Tập thể, cá nhân" if collectives and individuals
                else "Tập thể" if collectives else "Cá nhân")
    return {
        "parent_body": f.upper(d.parent_body),
        "issuer_name": f.upper(d.own_name or d.issuer_name),
        "number": number,
        "place_date": f.place_date(d.place, d.signed_on),
        "subject": subject,
        "authority": f.upper(d.authority),
        "bases": legal_bases(d.bases),
        "article_1": f"{verb} {award} cho {count} (có danh sách kèm theo) {achievement}.",
        "article_2": (
            "Quyết định này có hiệu lực kể từ ngày ký. Tiền thưởng kèm theo được chi từ Quỹ "
            f"thi đua, khen thưởng của {body} theo quy định tại {tdkt_decree(d.signed_on)}."
        ),
        "article_3": (
            f"{executors} và các tập thể, cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành "
            "Quyết định này./."
        ),
        "recipients": recipients,
        "sign_title_1": sign_1,
        "sign_title_2": sign_2,
        "signer_name": d.signer_name,
        "list_heading": f"{list_who} được {verb.lower()} {award}",
        "list_reference": (
            f"(Kèm theo Quyết định số {number} {f.long_date(d.signed_on)} của {d.authority})"
        ),
        "collectives": _list_rows(collectives),
        "individuals": _list_rows(individuals),
        "individuals_heading": "II. CÁ NHÂN" if collectives else "I. CÁ NHÂN",
        "list_count": f.list_count(len(collectives), len(individuals)),
    }


# --- submission (tờ trình) -------------------------------------------------------------------


@dataclass
class SubmissionData:
    number: str
    submitted_on: datetime.date | None
    unit_name: str
    parent_body: str
    title: str
    round_name: str
    recipient: str = "Hội đồng Thi đua - Khen thưởng Bộ Tư pháp"
    signer_title: str = "Thủ trưởng đơn vị"
    signer_name: str = ""
    place: str = "Hà Nội"
    recipients: list[Recipient] = field(default_factory=list)
    own_name: str = ""  # the issuing body's line of the header ("SỞ TƯ PHÁP"); else unit_name


def lower_first(text: str) -> str:
    """A name placed mid-sentence: its first word lower-cased unless an acronym ("THADS")."""
    text = (text or "").strip()
    first = text.split(" ", 1)[0]
    if not text or (len(first) > 1 and first.isupper()):
        return text
    return text[0].lower() + text[1:]


def proposal_phrase(round_name: str) -> str:
    """"đề nghị khen thưởng tổng kết năm 2025" for the round "Khen thưởng tổng kết năm 2025"."""
    rest = lower_first(round_name)
    if rest.lower().startswith("khen thưởng"):
        rest = rest[len("khen thưởng"):].strip()
    return f"đề nghị khen thưởng {rest}".strip()


def submission_subject(title: str, round_name: str) -> str:
    """The subject line: "Về việc đề nghị khen thưởng …", never "Về việc tờ trình …"."""
    text = re.sub(r"^\s*(tờ trình|về việc)\s*", "", title or "", flags=re.IGNORECASE)
    text = re.sub(r"^\s*(tờ trình|về việc)\s*", "", text, flags=re.IGNORECASE).strip()
    if not text or text.lower().rstrip(".") == "đề nghị khen thưởng":
        return f"Về việc {proposal_phrase(round_name)}"
    return f"Về việc {lower_first(text)}"


def submission_context(d: SubmissionData) -> dict:
    collectives = [r for r in d.recipients if r.kind == "collective"]
    individuals = [r for r in d.recipients if r.kind != "collective"]
    subject = submission_subject(d.title, d.round_name)
    count = f.plural_count(len(collectives), len(individuals))
    number = d.number or "…/TTr-…"
    return {
        "parent_body": f.upper(d.parent_body),
        "issuer_name": f.upper(d.own_name or d.unit_name),
        "number": number,
        "place_date": f.place_date(d.place, d.submitted_on),
        "subject": subject,
        "recipient": d.recipient,
        "paragraphs": [
            f"Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm 2022 và "
            f"{tdkt_decree(d.submitted_on)} quy định chi tiết thi hành;",
            f"Thực hiện đợt {lower_first(d.round_name)}, {d.unit_name} đã tổ chức bình xét "
            f"theo quy định. "
            f"Căn cứ thành tích đạt được, {d.unit_name} kính đề nghị {d.recipient} xem xét, "
            f"trình cấp có thẩm quyền khen thưởng cho {count} (có danh sách kèm theo).",
        ],
        "closing": f"{d.unit_name} kính trình {d.recipient} xem xét, quyết định./.",
        "recipients": ["- Như trên;", "- Lưu: VT."],
        "sign_title_1": f.upper(d.signer_title),
        "sign_title_2": "",
        "signer_name": d.signer_name,
        "list_heading": f"Tập thể, cá nhân {proposal_phrase(d.round_name)}",
        "list_reference": (
            f"(Kèm theo Tờ trình số {number} {f.long_date(d.submitted_on)} của {d.unit_name})"
        ),
        "collectives": _list_rows(collectives, with_award=True),
        "individuals": _list_rows(individuals, with_award=True),
        "individuals_heading": "II. CÁ NHÂN" if collectives else "I. CÁ NHÂN",
        "list_count": f.list_count(len(collectives), len(individuals)),
    }


# --- council minutes -------------------------------------------------------------------------


@dataclass
class VoteRow:
    name: str
    award_name: str
    agree: int
    disagree: int
    base: int
    passed: bool | None
    proposal: bool = False  # above the unit's authority: the result is a proposal upward


@dataclass
class MinutesData:
    title: str
    held_on: datetime.date | None
    place: str
    members_total: int
    present: int
    members: list[tuple[str, str, bool]]  # (name, position, present)
    items: list[VoteRow]
    threshold_text: str = ""  # the voting rule's opening sentence
    rules: list[str] = field(default_factory=list)  # each award's threshold with its source
    council_name: str = ""  # "Hội đồng Thi đua - Khen thưởng Sở Tư pháp thành phố Hà Nội"
    chair: str = ""
    secretary: str = ""
    started_at: datetime.time | None = None  # local time the meeting opened
    number: str = "…/BB-HĐTĐKT"
    issuer_name: str = "Hội đồng Thi đua - Khen thưởng"
    parent_body: str = "Bộ Tư pháp"
    place_name: str = ""  # the unit's place line ("Hà Nội", "Thành phố Hồ Chí Minh")
    quorum_text: str = ""  # "Số thành viên có mặt tối thiểu: 2/3 …, theo Quy chế …"


def _percent(part: int, whole: int) -> str:
    if not whole:
        return "0%"
    value = round(100 * part / whole, 2)
    text = f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{text}%"


def minutes_subject(title: str) -> str:
    """The meeting's name as the minutes' subject: "Họp" only where it does not already say
    what it is ("Phiên họp Hội đồng…", "Họp xét…" stay as they are)."""
    title = (title or "").strip()
    if not title:
        return "Họp Hội đồng Thi đua - Khen thưởng"
    lowered = title.lower()
    if lowered.startswith(("họp", "phiên họp", "cuộc họp", "kỳ họp")):
        return title
    return f"Họp {title}"


def clock(moment: datetime.time | None) -> str:
    """"08 giờ 30 phút"; blanks to fill by hand when the time is not known."""
    if moment is None:
        return "… giờ … phút"
    return f"{moment.hour:02d} giờ {moment.minute:02d} phút"


def minutes_conclusion(rows: list[VoteRow]) -> str:
    """What the council concludes: the cases its head decides and those it proposes to the
    level above, each counted only when it reached the threshold."""
    decide = [r for r in rows if not r.proposal]
    propose = [r for r in rows if r.proposal]
    parts = []
    if decide or not rows:
        ok = sum(1 for r in decide if r.passed)
        parts.append(f"Hội đồng thống nhất đề nghị khen thưởng {ok}/{len(decide)} trường "
                     f"hợp đạt tỷ lệ phiếu đồng ý theo quy định.")
    if propose:
        ok = sum(1 for r in propose if r.passed)
        parts.append(f"Hội đồng thống nhất đề nghị cấp trên khen thưởng {ok}/{len(propose)} "
                     f"trường hợp đạt tỷ lệ phiếu đồng ý theo quy định (thuộc thẩm quyền cấp "
                     f"trên).")
    return " ".join(parts)


def minutes_context(d: MinutesData) -> dict:
    items = []
    for n, item in enumerate(d.items, start=1):
        items.append({
            "stt": n, "name": item.name, "award": item.award_name,
            "agree": f"{item.agree} ({_percent(item.agree, item.base)})",
            "disagree": f"{item.disagree} ({_percent(item.disagree, item.base)})",
            "result": "Đạt" if item.passed else ("Không đạt" if item.passed is False
                                                  else "Chưa có kết quả"),
        })
    return {
        "parent_body": f.upper(d.parent_body),
        "issuer_name": f.upper(d.issuer_name),
        "number": d.number,
        "place_date": f.place_date(
            d.place_name or (place_of(d.place) if d.place else "Hà Nội"), d.held_on),
        "subject": minutes_subject(d.title),
        "opening": (
            f"Hồi {clock(d.started_at)} {f.long_date(d.held_on)}, tại {d.place or '…'}, "
            f"{d.council_name or 'Hội đồng Thi đua - Khen thưởng'} tiến hành họp xét khen "
            "thưởng."
        ),
        "attendance_summary": (
            f"Tổng số thành viên Hội đồng: {d.members_total}; có mặt: {d.present}; vắng mặt: "
            f"{max(d.members_total - d.present, 0)}."
            + (f" {d.quorum_text}" if d.quorum_text else "")
        ),
        "members": [
            {"stt": n, "name": name, "position": pos, "present": "Có mặt" if here else "Vắng"}
            for n, (name, pos, here) in enumerate(d.members, start=1)
        ],
        "voting_rule": d.threshold_text or (
            "Hội đồng bỏ phiếu kín đối với từng trường hợp; tỷ lệ phiếu đồng ý tính trên tổng "
            "số thành viên Hội đồng theo quy định."
        ),
        "rules": list(d.rules),
        "items": items,
        "conclusion": minutes_conclusion(d.items),
        "closing": "Biên bản được lập xong và thông qua tại cuộc họp./.",
        "chair": d.chair,
        "secretary": d.secretary,
    }


# --- achievement reports ---------------------------------------------------------------------


@dataclass
class RecordLine:
    year: int
    name: str
    decision: str = ""


@dataclass
class IndividualReportData:
    name: str
    award_name: str
    unit_name: str
    parent_body: str
    position: str
    gender: str
    date_of_birth: datetime.date | None
    joined_on: datetime.date | None
    ratings: list[RecordLine]
    initiatives: list[RecordLine]
    titles: list[RecordLine]
    awards: list[RecordLine]
    achievement: str = ""
    report_date: datetime.date | None = None
    place: str = "Hà Nội"
    # Curriculum vitae fields of the staff record; "" when the unit has not recorded them.
    ethnicity: str = ""
    home_town: str = ""
    residence: str = ""
    political_theory: str = ""
    qualification: str = ""
    academic_title: str = ""


BLANK = "." * 20  # a dotted blank to fill by hand where the system holds no value


def _record_rows(lines: list[RecordLine]) -> list[dict]:
    return [{"year": r.year, "name": r.name, "decision": r.decision} for r in lines]


def individual_report_context(d: IndividualReportData) -> dict:
    profile = [
        f"Họ và tên: {d.name}",
        f"Ngày, tháng, năm sinh: {f.short_date(d.date_of_birth) or '…'}",
        f"Giới tính: {'Nữ' if d.gender == 'female' else 'Nam'}",
        # From the staff record where the unit has filled it; a dotted blank to fill by hand
        # otherwise. One item per line: several blanks on one justified line spread apart.
        f"Dân tộc: {d.ethnicity or BLANK}",
        f"Quê quán: {d.home_town or BLANK}",
        f"Nơi thường trú: {d.residence or BLANK}",
        f"Đơn vị công tác: {d.unit_name}",
        f"Chức vụ (Đảng, chính quyền, đoàn thể): {d.position or BLANK}",
        f"Trình độ lý luận chính trị: {d.political_theory or BLANK}",
        f"Trình độ chuyên môn, nghiệp vụ: {d.qualification or BLANK}",
        f"Học hàm, học vị, danh hiệu, giải thưởng: {d.academic_title or BLANK}",
    ]
    if d.joined_on:
        profile.append(f"Ngày vào ngành: {f.short_date(d.joined_on)}")
    return {
        "parent_body": f.upper(d.parent_body),
        "issuer_name": f.upper(d.unit_name),
        "number": "",
        "place_date": f.place_date(d.place, d.report_date),
        "subject": f"ĐỀ NGHỊ TẶNG {f.upper(f.award_base(d.award_name))}",
        "name": d.name,
        "profile": profile,
        "duties": f"{d.position or 'Cán bộ'} tại {d.unit_name}.",
        "achievement": d.achievement or (
            "Hoàn thành các nhiệm vụ được giao về số lượng, chất lượng, tiến độ; kết quả "
            "đánh giá, xếp loại và sáng kiến được công nhận như sau."
        ),
        "ratings": _record_rows(d.ratings),
        "initiatives": _record_rows(d.initiatives),
        "titles": _record_rows(d.titles),
        "awards": _record_rows(d.awards),
    }


@dataclass
class UnitYear:
    year: int
    rating: str = ""
    members: int = 0
    excellent: int = 0
    ldtt: int = 0
    cstd: int = 0


@dataclass
class CollectiveReportData:
    name: str
    award_name: str
    parent_body: str
    member_count: int
    years: list[UnitYear]
    titles: list[RecordLine]
    awards: list[RecordLine]
    achievement: str = ""
    report_date: datetime.date | None = None
    place: str = "Hà Nội"
    head_name: str = ""


def collective_report_context(d: CollectiveReportData) -> dict:
    return {
        "parent_body": f.upper(d.parent_body),
        "issuer_name": f.upper(d.name),
        "number": "",
        "place_date": f.place_date(d.place, d.report_date),
        "subject": f"ĐỀ NGHỊ TẶNG {f.upper(f.award_base(d.award_name))}",
        "name": d.name,
        "situation": (
            f"{d.name} trực thuộc {f.body_in_sentence(d.parent_body) or '…'}; tổng số cán bộ, "
            "công chức, viên chức "
            f"và người lao động: {d.member_count} người. Trụ sở: …; điện thoại: …; "
            "trang thông tin điện tử: …"
        ),
        "duties": "…",
        "achievement": d.achievement or (
            "Kết quả thực hiện nhiệm vụ chính trị được giao; so sánh với các năm trước và lần "
            "khen thưởng gần nhất."
        ),
        "years": [
            {"year": y.year, "rating": y.rating, "members": y.members,
             "excellent": y.excellent, "ldtt": y.ldtt, "cstd": y.cstd}
            for y in d.years
        ],
        "measures": "…",
        "party": "…",
        "titles": _record_rows(d.titles),
        "awards": _record_rows(d.awards),
        "head_name": d.head_name,
    }


CONTEXT_BUILDERS = {
    "decision": decision_context,
    "submission": submission_context,
    "minutes": minutes_context,
    "report_individual": individual_report_context,
    "report_collective": collective_report_context,
}
