"""Demo: ten years (2016–2025) of plausible emulation and commendation history for every seeded
person and unit, consistent with how titles build on each other (org-notes.md §4.1, §5):

- ratings mostly HTTNV / HTXSNV; each person has a steady "calibre", so streaks happen;
- Lao động tiên tiến for most staff each year (≈ 75 %), only when rated HTTNV or better and
  not disciplined that year;
- Chiến sĩ thi đua cơ sở only for those rated HTXSNV that year (≤ 15 % of LĐTT), some with an
  initiative; a few people hold it 3 and 6 years running so that higher awards become due;
- Chiến sĩ thi đua cấp Bộ after three consecutive CSTĐ cơ sở, a few Bằng khen of the Minister
  and rarer higher awards; rare discipline (a few still running), a couple of open
  proceedings, maternity leave, leadership posts for leaders;
- collectives: Tập thể lao động tiên tiến / xuất sắc, rare Cờ thi đua ngành.
Deterministic (ctx.rng) and fast (bulk_create only)."""

import datetime
import random

from tdkt.organisation.models import Unit
from tdkt.people.models import Person

from .models import (
    AwardType,
    Discipline,
    Initiative,
    LeadershipPost,
    LeavePeriod,
    PersonAward,
    PersonRating,
    PersonTitle,
    Proceeding,
    UnitAward,
    UnitRating,
    UnitTitle,
)

ORDER = 40
FIRST, LAST = 2016, 2025
BATCH = 5000

INITIATIVE_TOPICS = [
    "Nâng cao hiệu quả tổ chức thi hành án dân sự",
    "Số hoá hồ sơ hộ tịch",
    "Cải tiến quy trình tiếp nhận và trả kết quả",
    "Ứng dụng công nghệ thông tin trong phổ biến, giáo dục pháp luật",
    "Rút ngắn thời gian thẩm định văn bản quy phạm pháp luật",
    "Chuẩn hoá mẫu biểu trợ giúp pháp lý",
    "Quản lý hồ sơ công chứng trên môi trường điện tử",
    "Nâng cao chất lượng đào tạo nghiệp vụ",
    "Tổ chức xác minh điều kiện thi hành án",
    "Theo dõi tình hình thi hành pháp luật",
]


def _rating(rng, calibre: float) -> str:
    roll = rng.random()
    excellent = 0.03 + 0.6 * calibre**3
    if roll < excellent:
        return "HTXSNV"
    if roll < excellent + 0.012:
        return "KHTNV" if rng.random() < 0.25 else "HTNV"
    if roll < 0.87:
        return "HTTNV"
    return "HTNV" if rng.random() < 0.7 else "HTTNV"


def _post_of(position: str, kind: str) -> str:
    lower = position.lower()
    if position == "Bộ trưởng":
        return "minister"
    if position == "Thứ trưởng":
        return "deputy_minister"
    return "deputy" if lower.startswith("phó") else "head"


def seed(ctx) -> None:
    rng = ctx.rng
    awards = {a.code: a.pk for a in AwardType.objects.all()}
    units = {
        u.pk: u for u in Unit.objects.filter(effective_to__isnull=True).only(
            "pk", "code", "short_name", "name", "kind", "path")
    }
    people = list(
        Person.objects.order_by("pk").values_list(
            "pk", "unit_id", "gender", "date_of_birth", "joined_sector_on", "is_leader",
            "position",
        )
    )

    def decision(unit, year, level):
        if level == "co_so":
            abbr = (unit.short_name or unit.code).split()[0][:12]
            return (f"{100 + unit.pk % 800}/QĐ-{abbr}", datetime.date(year, 12, 20),
                    f"Thủ trưởng {unit.short_name or unit.name}"[:160])
        if level == "bo":
            return (f"{3000 + year % 100 * 7 + unit.pk % 50}/QĐ-BTP",
                    datetime.date(year + 1, 1, 25), "Bộ trưởng Bộ Tư pháp")
        return (f"{150 + unit.pk % 90}/QĐ-TTg", datetime.date(year + 1, 4, 10),
                "Thủ tướng Chính phủ")

    ratings, titles, person_awards, initiatives = [], [], [], []
    disciplines, proceedings, leaves, posts = [], [], [], []
    ldtt_count = cstd_count = 0
    # A few people are planted with long CSTĐ cơ sở streaks (3 and 6 years to 2025).
    streak_of: dict[int, int] = {}
    for pk, *_rest in people:
        roll = rng.random()
        if roll < 0.012:
            streak_of[pk] = 6
        elif roll < 0.035:
            streak_of[pk] = 3
    running_discipline = set(rng.sample([p[0] for p in people], k=min(len(people),
                                                                    max(2, len(people) // 1500))))
    open_cases = set(rng.sample([p[0] for p in people], k=min(len(people), 2 + len(people)
                                                              // 4000)))
    for pk, unit_id, gender, born, joined, is_leader, position in people:
        unit = units.get(unit_id)
        if unit is None:
            continue
        calibre = rng.random()
        if is_leader:
            calibre = min(1.0, calibre + 0.25)
        streak = streak_of.get(pk, 0)
        start = max(FIRST, (joined.year + (1 if joined.month > 6 else 0)) if joined else FIRST)
        # Discipline: rare; some past, a few still running.
        punished_year = None
        if pk in running_discipline:
            punished_year = LAST
        elif rng.random() < 0.006 and start < LAST:
            punished_year = rng.randint(start, LAST - 1)
        if punished_year:
            streak = 0
            decided = datetime.date(punished_year, rng.randint(2, 10), rng.randint(1, 28))
            form = "khien_trach" if rng.random() < 0.75 else "canh_cao"
            months = 12 if form == "khien_trach" else 18
            if pk in running_discipline:
                months = 24
            ends = datetime.date(decided.year + (decided.month + months - 1) // 12,
                                 (decided.month + months - 1) % 12 + 1, decided.day)
            disciplines.append(Discipline(person_id=pk, form=form, decided_on=decided,
                                          ends_on=ends, decision_number=f"{pk % 97 + 1}/QĐ-KL"))
        cstd_run = 0
        excellent_run = 0
        last_bang_khen = 0
        for year in range(start, LAST + 1):
            in_streak = streak and year > LAST - streak
            punished = punished_year is not None and punished_year <= year <= punished_year + 1
            if punished:
                rating = "HTNV" if rng.random() < 0.8 else "KHTNV"
            elif in_streak:
                rating = "HTXSNV"
            else:
                rating = _rating(rng, calibre)
            ratings.append(PersonRating(person_id=pk, year=year, rating=rating))
            excellent_run = excellent_run + 1 if rating == "HTXSNV" else 0
            if punished or rating not in ("HTXSNV", "HTTNV") or rng.random() > 0.88:
                cstd_run = 0
                continue
            number, date, issuer = decision(unit, year, "co_so")
            titles.append(PersonTitle(person_id=pk, year=year, award_id=awards[
                "lao_dong_tien_tien"], decision_number=number, decision_date=date, issuer=issuer))
            ldtt_count += 1
            has_initiative = rng.random() < (0.5 if rating == "HTXSNV" else 0.04)
            if has_initiative:
                scope = "bo" if rng.random() < 0.12 else "co_so"
                initiatives.append(Initiative(
                    person_id=pk, year=year,
                    title=f"{rng.choice(INITIATIVE_TOPICS)} tại {unit.short_name or unit.code}"
                          f" năm {year}",
                    kind="research" if rng.random() < 0.1 else "initiative", scope=scope,
                    decision_number=f"{pk % 300 + 1}/QĐ-HĐSK",
                ).prepare())
            if rating == "HTXSNV" and (in_streak or rng.random() < 0.5):
                titles.append(PersonTitle(
                    person_id=pk, year=year, award_id=awards["chien_si_thi_dua_co_so"],
                    decision_number=number, decision_date=date, issuer=issuer))
                cstd_count += 1
                cstd_run += 1
            else:
                cstd_run = 0
            if cstd_run and cstd_run % 3 == 0 and year < LAST and rng.random() < 0.6:
                b_number, b_date, b_issuer = decision(unit, year, "bo")
                titles.append(PersonTitle(
                    person_id=pk, year=year, award_id=awards["chien_si_thi_dua_cap_bo"],
                    decision_number=b_number, decision_date=b_date, issuer=b_issuer))
            if excellent_run >= 2 and year - last_bang_khen >= 5 and rng.random() < 0.12:
                b_number, b_date, b_issuer = decision(unit, year, "bo")
                person_awards.append(PersonAward(
                    person_id=pk, year=year, award_id=awards["bang_khen_bo_truong_bo_tu_phap"],
                    method="regular", decision_number=b_number, decision_date=b_date,
                    issuer=b_issuer))
                last_bang_khen = year
            elif rng.random() < 0.004:
                b_number, b_date, b_issuer = decision(unit, year, "bo")
                person_awards.append(PersonAward(
                    person_id=pk, year=year, award_id=awards["bang_khen_bo_truong_bo_tu_phap"],
                    method=rng.choice(["thematic", "sudden"]), decision_number=b_number,
                    decision_date=b_date, issuer=b_issuer))
            elif rng.random() < 0.05:
                person_awards.append(PersonAward(
                    person_id=pk, year=year, award_id=awards["giay_khen"],
                    method=rng.choice(["regular", "regular", "thematic"]),
                    decision_number=number, decision_date=date, issuer=issuer))
        if last_bang_khen and last_bang_khen <= LAST - 5 and calibre > 0.85 \
                and rng.random() < 0.15:
            n_number, n_date, n_issuer = decision(unit, LAST - 1, "nha_nuoc")
            person_awards.append(PersonAward(
                person_id=pk, year=LAST - 1, award_id=awards["bang_khen_thu_tuong"],
                method="regular", decision_number=n_number, decision_date=n_date,
                issuer=n_issuer))
        if joined and joined.year <= LAST - 20 and rng.random() < 0.25:
            year = rng.randint(max(FIRST, joined.year + 20), LAST)
            k_number, k_date, _issuer = decision(unit, year, "bo")
            person_awards.append(PersonAward(
                person_id=pk, year=year, award_id=awards["ky_niem_chuong_vi_su_nghiep_tu_phap"],
                method="dedication", decision_number=k_number, decision_date=k_date,
                issuer="Bộ trưởng Bộ Tư pháp"))
        if is_leader and calibre > 0.97 and rng.random() < 0.06:
            year = rng.randint(FIRST, LAST - 1)
            person_awards.append(PersonAward(
                person_id=pk, year=year, award_id=awards["huan_chuong_lao_dong_hang_ba"],
                method="dedication", decision_number=f"{900 + pk % 99}/QĐ-CTN",
                decision_date=datetime.date(year + 1, 8, 30), issuer="Chủ tịch nước"))
        if pk in open_cases:
            proceedings.append(Proceeding(
                person_id=pk, kind=rng.choice(["discipline", "inspection", "complaint"]),
                opened_on=datetime.date(ctx.year, rng.randint(1, 6), rng.randint(1, 28)),
                note="Đang xác minh theo đơn phản ánh (dữ liệu mẫu).",
            ))
        if gender == "female" and born.year >= 1982 and start <= LAST and rng.random() < 0.18:
            begin = datetime.date(rng.randint(start, LAST), rng.randint(1, 12), 1)
            leaves.append(LeavePeriod(
                person_id=pk, kind="maternity", starts_on=begin,
                ends_on=begin + datetime.timedelta(days=182), note="Nghỉ thai sản 6 tháng"))
        if is_leader:
            since = datetime.date(rng.randint(ctx.year - 14, ctx.year - 1), rng.randint(1, 12), 1)
            if joined and since < joined:
                since = joined
            posts.append(LeadershipPost(
                person_id=pk, post=_post_of(position, unit.kind), title=position,
                starts_on=since, transferred_in=rng.random() < 0.1))
    person_awards.extend(_labour_order_ladder(ratings, disciplines, open_cases, awards))
    for model, rows in (
        (PersonRating, ratings), (PersonTitle, titles), (PersonAward, person_awards),
        (Initiative, initiatives), (Discipline, disciplines), (Proceeding, proceedings),
        (LeavePeriod, leaves), (LeadershipPost, posts),
    ):
        model.objects.bulk_create(rows, batch_size=BATCH)

    unit_ratings, unit_titles, unit_awards = [], [], []
    staffed = set(Person.objects.values_list("unit_id", flat=True).distinct())
    for unit in units.values():
        if unit.pk not in staffed and unit.kind not in {"ministry", "provincial_justice_dept",
                                                         "provincial_enforcement_office"}:
            continue
        strength = rng.random()
        for year in range(FIRST, LAST + 1):
            rating = "HTXSNV" if rng.random() < 0.2 + 0.4 * strength else "HTTNV"
            unit_ratings.append(UnitRating(unit_id=unit.pk, year=year, rating=rating))
            roll = rng.random()
            if rating == "HTXSNV" and roll < 0.55:
                code, level = "tap_the_lao_dong_xuat_sac", "bo"
            elif roll < 0.8:
                code, level = "tap_the_lao_dong_tien_tien", "co_so"
            else:
                continue
            number, date, issuer = decision(unit, year, level)
            unit_titles.append(UnitTitle(unit_id=unit.pk, year=year, award_id=awards[code],
                                         decision_number=number, decision_date=date,
                                         issuer=issuer))
            if code == "tap_the_lao_dong_xuat_sac" and rng.random() < 0.12:
                number, date, issuer = decision(unit, year, "bo")
                unit_titles.append(UnitTitle(
                    unit_id=unit.pk, year=year, award_id=awards["co_thi_dua_nganh_tu_phap"],
                    decision_number=number, decision_date=date, issuer=issuer))
            elif rng.random() < 0.05:
                number, date, issuer = decision(unit, year, "bo")
                unit_awards.append(UnitAward(
                    unit_id=unit.pk, year=year,
                    award_id=awards["bang_khen_bo_truong_bo_tu_phap_tap_the"],
                    method="regular", decision_number=number, decision_date=date,
                    issuer=issuer))
    unit_awards.extend(_collective_ladder(units, staffed, unit_ratings, awards))
    UnitRating.objects.bulk_create(unit_ratings, batch_size=BATCH)
    UnitTitle.objects.bulk_create(unit_titles, batch_size=BATCH)
    UnitAward.objects.bulk_create(unit_awards, batch_size=BATCH)
    share = f"{100 * ldtt_count / max(1, len(ratings)):.0f}%"
    ctx.say(
        f"Lịch sử TĐKT {FIRST}–{LAST}: {len(ratings)} xếp loại, {len(titles)} danh hiệu "
        f"(LĐTT {ldtt_count} ≈ {share} lượt xếp loại, CSTĐ cơ sở {cstd_count}), "
        f"{len(person_awards)} khen thưởng, {len(disciplines)} kỷ luật; tập thể: "
        f"{len(unit_titles)} danh hiệu, {len(unit_awards)} khen thưởng"
    )


# Catalogue v2 (issue 18): a few people and collectives whose history makes them due for the
# forms above the Prime Minister's certificate — each holding the form below it and rated HTTNV
# or better in every year since (five years or more, the catalogue's configured interval). Their
# own random stream, so the rest of the demo stays as it was.
def _labour_order_ladder(ratings, disciplines, open_cases, awards):
    by_person: dict[int, dict[int, str]] = {}
    for row in ratings:
        by_person.setdefault(row.person_id, {})[row.year] = row.rating
    barred = {d.person_id for d in disciplines} | set(open_cases)
    good = [
        pk for pk, years in sorted(by_person.items())
        if pk not in barred
        and all(years.get(y) in ("HTXSNV", "HTTNV") for y in range(LAST - 6, LAST + 1))
    ]
    rng = random.Random(18)
    chosen = rng.sample(good, k=min(len(good), 6))
    out = []
    for i, pk in enumerate(chosen):
        # The first four hold the third class (due for the second), the others the second.
        code = "huan_chuong_lao_dong_hang_ba" if i < 4 else "huan_chuong_lao_dong_hang_nhi"
        year = LAST - 6
        out.append(PersonAward(
            person_id=pk, year=year, award_id=awards[code], method="regular",
            decision_number=f"{700 + pk % 99}/QĐ-CTN",
            decision_date=datetime.date(year + 1, 8, 30), issuer="Chủ tịch nước"))
    return out


def _collective_ladder(units, staffed, unit_ratings, awards):
    from tdkt.eligibility.loading import COLLECTIVE_KINDS

    rated = {row.unit_id for row in unit_ratings}
    candidates = sorted(
        pk for pk, unit in units.items()
        if pk in staffed and pk in rated and unit.kind in COLLECTIVE_KINDS
    )
    rng = random.Random(1818)
    chosen = rng.sample(candidates, k=min(len(candidates), 8))
    ladder = [  # (form held, year, issuer): each makes the unit due for the next one up
        ("bang_khen_bo_truong_bo_tu_phap_tap_the", LAST - 5, "Bộ trưởng Bộ Tư pháp"),
        ("bang_khen_bo_truong_bo_tu_phap_tap_the", LAST - 6, "Bộ trưởng Bộ Tư pháp"),
        ("bang_khen_thu_tuong_tap_the", LAST - 6, "Thủ tướng Chính phủ"),
        ("bang_khen_thu_tuong_tap_the", LAST - 5, "Thủ tướng Chính phủ"),
        ("huan_chuong_lao_dong_hang_ba_tap_the", LAST - 6, "Chủ tịch nước"),
        ("huan_chuong_lao_dong_hang_ba_tap_the", LAST - 7, "Chủ tịch nước"),
        ("huan_chuong_lao_dong_hang_nhi_tap_the", LAST - 6, "Chủ tịch nước"),
        ("huan_chuong_lao_dong_hang_nhi_tap_the", LAST - 8, "Chủ tịch nước"),
    ]
    out = []
    for pk, (code, year, issuer) in zip(chosen, ladder, strict=False):
        out.append(UnitAward(
            unit_id=pk, year=year, award_id=awards[code], method="regular",
            decision_number=f"{500 + pk % 90}/QĐ", decision_date=datetime.date(year + 1, 4, 10),
            issuer=issuer))
    return out
