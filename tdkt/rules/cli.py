"""Command line of the eligibility-case contract.

python -m tdkt.rules evaluate PATH [PATH ...]
python -m tdkt.rules catalogue [--as-of DATE] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import TextIO

from .case import CaseError, parse_case
from .catalogue import LAW, UNVERIFIED, load_builtin, select_version
from .engine import Evaluator
from .text import vi_date

EXIT_MALFORMED = 2


class _Malformed(Exception):
    pass


def main(
    argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    parser = argparse.ArgumentParser(prog="python -m tdkt.rules")
    commands = parser.add_subparsers(dest="command", required=True)
    ev = commands.add_parser("evaluate", help="judge case files or folders (JSON Lines out)")
    ev.add_argument("paths", nargs="+", metavar="PATH")
    cat = commands.add_parser("catalogue", help="print the catalogue in force")
    cat.add_argument(
        "--as-of",
        type=date.fromisoformat,
        default=None,
        help="date of consideration (default: today)",
    )
    cat.add_argument("--json", action="store_true", help="print the whole version as JSON")
    args = parser.parse_args(argv)
    if args.command == "evaluate":
        return _evaluate(args.paths, out, err)
    return _catalogue(args.as_of or date.today(), args.json, out)


def _evaluate(paths: Sequence[str], out: TextIO, err: TextIO) -> int:
    evaluator = Evaluator()
    codes = evaluator.award_codes()
    try:
        for label, position, raw in _cases(paths):
            case_ref = raw.get("id") if isinstance(raw, dict) else None
            case_ref = f"[{case_ref}]" if case_ref not in (None, "") else f"[#{position}]"
            try:
                result = evaluator.evaluate(parse_case(raw, codes))
            except CaseError as exc:
                err.write(f"{label} {case_ref}: {exc.field}: {exc.message}\n")
                return EXIT_MALFORMED
            out.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
            out.flush()
    except _Malformed as exc:
        err.write(f"{exc}\n")
        return EXIT_MALFORMED
    return 0


def _cases(paths: Sequence[str]) -> Iterator[tuple[str, int, object]]:
    """Every case in input order: files as given, folders' *.json sorted by name."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files = sorted(p for p in path.iterdir() if p.suffix == ".json" and p.is_file())
        elif path.is_file():
            files = [path]
        else:
            raise _Malformed(f"{given}: no such file or folder")
        for file in files:
            label = str(file)
            try:
                data = json.loads(file.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise _Malformed(f"{label}: not a JSON case file ({exc})") from None
            items = data if isinstance(data, list) else [data]
            for position, item in enumerate(items, start=1):
                yield label, position, item


def _catalogue(as_of: date, as_json: bool, out: TextIO) -> int:
    versions = load_builtin()
    version = select_version(versions, as_of)
    if as_json:
        out.write(json.dumps(version.to_dict(), ensure_ascii=False, indent=2) + "\n")
        return 0
    until = f" đến {vi_date(version.effective_to)}" if version.effective_to else ""
    out.write(f"Phiên bản: {version.version} — {version.title_vi}\n")
    out.write(
        f"Hiệu lực: từ {vi_date(version.effective_from)}{until} (ngày xét {vi_date(as_of)})\n"
    )
    for warning in version.warnings:
        out.write(f"Lưu ý: {warning}\n")
    out.write("\n")
    for award in version.awards.values():
        flag = " [chưa xác minh]" if award.status == UNVERIFIED else ""
        authority = version.authority(award.code)
        decides = ""
        if authority is not None:
            unsure = " [chưa xác minh]" if authority.basis != LAW else ""
            decides = (
                f"\tquyết định: {authority.decider_label} ({authority.decider}; "
                f"{authority.source}){unsure}\tđề nghị: {authority.chain_vi}"
            )
        out.write(
            f"{award.code}\t{award.name_vi}\t{award.kind_vi}\t{award.recipient_vi}\t"
            f"{award.level_vi}{flag}{decides}\n"
        )
    if version.readings:
        out.write("\nCách hiểu của ngành (tham số của phiên bản):\n")
        for reading in version.readings.values():
            default = "mặc định" if reading.is_default else "đã thay đổi"
            out.write(
                f"{reading.key} = {'true' if reading.value else 'false'} ({default}; "
                f"{reading.set_by})\t{reading.label}: {reading.current} "
                f"Văn bản: {reading.source}.\n"
            )
    out.write("\nCác phiên bản:\n")
    for v in versions:
        until = vi_date(v.effective_to) if v.effective_to else "nay"
        mark = " (đang áp dụng)" if v is version else ""
        out.write(f"{v.version}\t{vi_date(v.effective_from)} – {until}\t{v.title_vi}{mark}\n")
    return 0
