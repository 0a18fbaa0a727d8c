"""Seeded synthetic people and collectives with realistic ten-year histories.

Used by the micro-benchmark (`bench/rules_micro.py`) and to generate the equivalence snapshot
(`tests/rules/data/snapshot.json`). Cases are built as the web application builds them (tuples of
dataclasses, an explicit `as_of`); `to_contract` turns one into contract JSON so that the snapshot
stores its inputs and does not depend on this generator staying the same.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from tdkt.rules import (
    Case,
    CollectiveStats,
    Conferral,
    Discipline,
    Initiative,
    Post,
    Subject,
)

INDIVIDUAL_AWARDS = (
    "lao_dong_tien_tien",
    "chien_si_thi_dua_co_so",
    "chien_si_thi_dua_cap_bo",
    "chien_si_thi_dua_toan_quoc",
    "bang_khen_bo_truong_bo_tu_phap",
    "bang_khen_thu_tuong",
    "huan_chuong_lao_dong_hang_ba",
    "ky_niem_chuong_vi_su_nghiep_tu_phap",
)
COLLECTIVE_AWARDS = (
    "tap_the_lao_dong_tien_tien",
    "tap_the_lao_dong_xuat_sac",
    "co_thi_dua_nganh_tu_phap",
    "co_thi_dua_chinh_phu",
    "giay_khen",
    "bang_khen_bo_truong_bo_tu_phap_tap_the",
    "bang_khen_thu_tuong",
    "huan_chuong_lao_dong_hang_ba",
)
METHODS = ("regular", "regular", "regular", "regular", "thematic", "sudden", "dedication")


def _rating(rng: random.Random, star: bool) -> str | None:
    r = rng.random()
    if star:
        return "HTXSNV" if r < 0.7 else "HTTNV" if r < 0.97 else "HTNV"
    if r < 0.18:
        return "HTXSNV"
    if r < 0.83:
        return "HTTNV"
    if r < 0.965:
        return "HTNV"
    if r < 0.98:
        return "KHTNV"
    return None


def person(rng: random.Random, year: int = 2025, as_of: date | None = None, pid: int = 0) -> Case:
    """One person with `year - 9 … year` of history (sometimes longer, sometimes gaps)."""
    first = year - 9 if rng.random() < 0.85 else year - rng.randint(0, 12)
    star = rng.random() < 0.12
    ratings: dict[int, str] = {}
    titles: list[Conferral] = []
    awards: list[Conferral] = []
    initiatives: list[Initiative] = []
    cstd_run = 0
    for y in range(first, year + 1):
        code = _rating(rng, star)
        if y == year and rng.random() < 0.05:
            code = None  # the year under consideration often is not rated yet
        if code is None:
            cstd_run = 0
            continue
        ratings[y] = code
        if rng.random() < (0.35 if star else 0.08):
            scope = rng.choices(("co_so", "bo", "toan_quoc"), (80, 17, 3))[0]
            kind = "research" if rng.random() < 0.2 else "initiative"
            initiatives.append(Initiative(y, scope, kind))
        if y == year and rng.random() < 0.5:
            continue  # this year's titles are what the sweep is deciding
        if code in ("HTXSNV", "HTTNV") and rng.random() < 0.92:
            titles.append(Conferral("lao_dong_tien_tien", y))
            if (code == "HTXSNV" or initiatives and initiatives[-1].year == y) and rng.random() < (
                0.8 if star else 0.25
            ):
                titles.append(Conferral("chien_si_thi_dua_co_so", y))
                cstd_run += 1
                if cstd_run % 3 == 0 and rng.random() < 0.6:
                    titles.append(Conferral("chien_si_thi_dua_cap_bo", y))
            else:
                cstd_run = 0
        else:
            cstd_run = 0
        if rng.random() < (0.12 if star else 0.03):
            awards.append(Conferral("bang_khen_bo_truong_bo_tu_phap", y, rng.choice(METHODS)))
        if rng.random() < (0.03 if star else 0.004):
            awards.append(Conferral("bang_khen_thu_tuong", y, rng.choice(METHODS)))
        if rng.random() < 0.002:
            awards.append(Conferral("huan_chuong_lao_dong_hang_ba", y, "regular"))
    if rng.random() < 0.01:
        awards.append(Conferral("ky_niem_chuong_vi_su_nghiep_tu_phap", rng.randint(first, year)))
    disciplines: list[Discipline] = []
    if rng.random() < 0.025:
        decided = date(rng.randint(first, year), rng.randint(1, 12), rng.randint(1, 28))
        ends = None if rng.random() < 0.2 else decided + timedelta(days=rng.choice((180, 365, 730)))
        form = rng.choice(("khien_trach", "khien_trach", "canh_cao", "ha_bac_luong"))
        disciplines.append(Discipline(form, decided, ends))
    posts: list[Post] = []
    if rng.random() < 0.12:
        start = date(rng.randint(year - 15, year), rng.randint(1, 12), rng.randint(1, 28))
        end = None if rng.random() < 0.7 else start + timedelta(days=rng.randint(200, 4000))
        post = rng.choices(("head", "deputy", "minister", "deputy_minister"), (40, 57, 1, 2))[0]
        posts.append(Post(post, start, end, rng.random() < 0.1))
        if end is not None and rng.random() < 0.3:
            posts.append(Post("head", end + timedelta(days=30), None, False))
    absence = None
    if rng.random() < 0.03:
        absence = {year: float(rng.choice((0, 1, 2.5, 4, 7)))}
    gender = rng.choice(("male", "female", "female", None))
    joined = date(first - rng.randint(0, 20), rng.randint(1, 12), rng.randint(1, 28))
    registered = None
    if rng.random() < 0.5:
        registered = frozenset(y for y in range(first, year + 1) if rng.random() < 0.9)
    return Case(
        award="",
        year=year,
        subject=Subject("individual", gender, joined),
        id=str(pid),
        as_of=as_of,
        ratings=ratings,
        registered=registered,
        titles=tuple(titles),
        awards=tuple(awards),
        initiatives=tuple(initiatives),
        disciplines=tuple(disciplines),
        pending_proceedings=rng.random() < 0.005,
        attested=rng.random() < 0.95,
        posts=tuple(posts),
        absence_months=absence,
    )


def collective(rng: random.Random, year: int = 2025, as_of: date | None = None, uid: int = 0):
    ratings = {y: _rating(rng, rng.random() < 0.3) or "HTTNV" for y in range(year - 9, year + 1)}
    titles = []
    for y in range(year - 9, year):
        if ratings[y] == "HTXSNV" and rng.random() < 0.6:
            titles.append(Conferral("tap_the_lao_dong_xuat_sac", y))
        elif ratings[y] in ("HTXSNV", "HTTNV") and rng.random() < 0.8:
            titles.append(Conferral("tap_the_lao_dong_tien_tien", y))
    awards = []
    if rng.random() < 0.1:
        awards.append(Conferral("bang_khen_bo_truong_bo_tu_phap_tap_the", year - 3))
    members = rng.randint(1, 60)
    stats = None
    if rng.random() < 0.9:
        ldtt = min(members, round(members * rng.uniform(0.5, 1)))
        stats = CollectiveStats(
            members=members,
            completed_tasks=members if rng.random() < 0.7 else rng.randint(0, members),
            lao_dong_tien_tien=ldtt if rng.random() < 0.95 else None,
            chien_si_thi_dua_co_so=rng.randint(0, max(1, members // 8)),
            disciplined=None
            if rng.random() < 0.1
            else ({"canh_cao": 1} if rng.random() < 0.1 else {"khien_trach": rng.randint(0, 2)}),
        )
    leader = None if rng.random() < 0.3 else rng.random() < 0.2
    return Case(
        award="",
        year=year,
        subject=Subject("collective"),
        id=f"u{uid}",
        as_of=as_of,
        ratings=ratings,
        titles=tuple(titles),
        awards=tuple(awards),
        attested=rng.random() < 0.9,
        collective=stats,
        cluster_leader=leader,
    )


def sweep_cases(n: int, seed: int = 2025, year: int = 2025, as_of: date | None = None):
    """`n` people of one sweep (one year, one date of consideration)."""
    rng = random.Random(seed)
    as_of = as_of or date(year + 1, 1, 31)
    return [person(rng, year, as_of, pid) for pid in range(n)]


def to_contract(case: Case) -> dict[str, Any]:
    """The case as contract JSON (`parse_case` builds an equal case back)."""
    data: dict[str, Any] = {
        "id": case.id,
        "award": case.award,
        "year": case.year,
        "subject": {
            "kind": case.subject.kind,
            "gender": case.subject.gender,
            "joined_on": _iso(case.subject.joined_on),
        },
        "as_of": _iso(case.as_of),
        "ratings": {str(y): r for y, r in sorted(case.ratings.items())},
        "registered": None if case.registered is None else sorted(case.registered),
        "titles": [{"award": t.award, "year": t.year} for t in case.titles],
        "awards": [{"award": a.award, "year": a.year, "method": a.method} for a in case.awards],
        "initiatives": [
            {"year": i.year, "scope": i.scope, "kind": i.kind} for i in case.initiatives
        ],
        "disciplines": [
            {"form": d.form, "decided_on": _iso(d.decided_on), "ends_on": _iso(d.ends_on)}
            for d in case.disciplines
        ],
        "pending_proceedings": case.pending_proceedings,
        "attested": case.attested,
        "cluster_leader": case.cluster_leader,
        "posts": [
            {
                "post": p.post,
                "from": _iso(p.start),
                "to": _iso(p.end),
                "transferred_in": p.transferred_in,
            }
            for p in case.posts
        ],
    }
    if case.collective is not None:
        c = case.collective
        data["collective"] = {
            "members": c.members,
            "completed_tasks": c.completed_tasks,
            "lao_dong_tien_tien": c.lao_dong_tien_tien,
            "chien_si_thi_dua_co_so": c.chien_si_thi_dua_co_so,
            "disciplined": None if c.disciplined is None else dict(c.disciplined),
        }
    if case.absence_months is not None:
        data["absence_months"] = {str(y): m for y, m in case.absence_months.items()}
    return data


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()
