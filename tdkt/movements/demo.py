"""Demo: the Ministry's yearly movements (2025 closed, 2026 under way), a thematic movement,
a Sở movement under the Ministry's, registrations in mixed states, and cluster years 2025
(finished: pact, rubric, scores, ranking, honouring vote) and 2026 (in progress)."""

import datetime
from decimal import Decimal

from django.utils import timezone

from tdkt.accounts.models import User
from tdkt.organisation.models import ClusterMembership, ClusterRole, EmulationCluster, Unit
from tdkt.people.models import Person

from . import services
from .models import (
    ClusterYear,
    Criterion,
    CriterionKind,
    HonouringVote,
    IndividualRegistration,
    MovementKind,
    MovementReview,
    MovementStatus,
    PactTarget,
    Registration,
    RegistrationEvent,
    RegistrationStatus,
    RegistrationTarget,
    ReviewKind,
    ReviewProposal,
    Score,
    Scorecard,
    ScorecardStatus,
    TitleCode,
)

ORDER = 50

THEME_2026 = ("Kỷ cương, trách nhiệm, đổi mới, hiệu quả – tạo đột phá trong xây dựng "
              "và thi hành pháp luật")
OBJECTIVES_2026 = [
    "Thi đua hoàn thành xuất sắc nhiệm vụ xây dựng, thẩm định, kiểm tra văn bản quy phạm pháp "
    "luật, tháo gỡ kịp thời các điểm nghẽn do quy định pháp luật.",
    "Thi đua nâng cao hiệu quả thi hành án dân sự, thi hành án hành chính; phấn đấu vượt chỉ "
    "tiêu về việc và về tiền được giao.",
    "Thi đua đẩy mạnh chuyển đổi số, cải cách thủ tục hành chính trong các lĩnh vực hộ tịch, "
    "lý lịch tư pháp, đăng ký biện pháp bảo đảm, bổ trợ tư pháp.",
    "Thi đua thực hiện tốt công tác phổ biến, giáo dục pháp luật và trợ giúp pháp lý cho người "
    "dân, nhất là ở vùng sâu, vùng xa, vùng đồng bào dân tộc thiểu số.",
    "Thi đua xây dựng tổ chức bộ máy tinh gọn, hoạt động hiệu lực, hiệu quả sau sắp xếp; đội "
    "ngũ cán bộ liêm chính, chuyên nghiệp.",
    "Thi đua thực hành tiết kiệm, chống lãng phí, phòng, chống tham nhũng, tiêu cực; phát hiện, "
    "bồi dưỡng và nhân rộng các điển hình tiên tiến.",
]
TARGETS = [
    "100% nhiệm vụ trong Chương trình công tác năm được hoàn thành đúng hạn",
    "100% hồ sơ thủ tục hành chính được giải quyết đúng hạn, trên 80% trực tuyến toàn trình",
    "Không có cán bộ, công chức bị xử lý kỷ luật",
    "Ít nhất một sáng kiến được công nhận và áp dụng",
    "Tổ chức ít nhất hai hội nghị phổ biến pháp luật cho người dân",
]
PACT_TARGETS = [
    "Hoàn thành 100% chỉ tiêu, nhiệm vụ được giao trong năm",
    "Chia sẻ, nhân rộng ít nhất một mô hình hay giữa các đơn vị trong cụm",
    "Không có đơn thư khiếu nại, tố cáo kéo dài, vượt cấp",
    "Tham gia đầy đủ các hoạt động chung của cụm",
]
RUBRIC = [
    (CriterionKind.STANDARD, "Thực hiện nhiệm vụ chuyên môn được giao", "40",
     "Báo cáo tổng kết năm, số liệu thống kê"),
    (CriterionKind.STANDARD, "Cải cách hành chính, chuyển đổi số", "15",
     "Báo cáo CCHC, kết quả chỉ số"),
    (CriterionKind.STANDARD, "Tổ chức phong trào thi đua, công tác khen thưởng", "15",
     "Kế hoạch, báo cáo sơ kết, tổng kết phong trào"),
    (CriterionKind.STANDARD, "Xây dựng tổ chức Đảng, đoàn thể vững mạnh", "10",
     "Kết quả xếp loại tổ chức Đảng, đoàn thể"),
    (CriterionKind.STANDARD, "Thực hiện giao ước thi đua của cụm", "10", "Biên bản, báo cáo"),
    (CriterionKind.STANDARD, "Phòng, chống tham nhũng, thực hành tiết kiệm", "10",
     "Báo cáo công tác PCTN"),
    (CriterionKind.BONUS, "Mô hình mới, sáng kiến được cấp có thẩm quyền công nhận", "5",
     "Quyết định công nhận"),
    (CriterionKind.DEDUCTION, "Chậm gửi báo cáo, vi phạm kỷ luật hành chính", "5",
     "Văn bản nhắc nhở, kết luận kiểm tra"),
]
PACT_PLACES = {
    "CUM-DP-MNBG": "Lạng Sơn", "CUM-DP-DBBB": "Hải Phòng", "CUM-DP-BTB": "Nghệ An",
    "CUM-DP-DHMTTN": "Đà Nẵng", "CUM-DP-DNB": "Đồng Nai", "CUM-DP-DBSCL": "Cần Thơ",
}


def _aware(day: datetime.date, hour=9):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _fill_registrations(ctx, movement, states: dict[int, str], actor, dept, day):
    """Bulk: collective titles, targets, individuals, events for registrations whose
    target state is given (unit id -> status)."""
    rng = ctx.rng
    regs = list(movement.registrations.select_related("unit").order_by("unit__path"))
    people_by_path = {}
    for pid, path in Person.objects.order_by("unit__path", "id").values_list("id", "unit__path"):
        people_by_path.setdefault(path, []).append(pid)
    targets, individuals, events = [], [], []
    for reg in regs:
        state = states.get(reg.unit_id, RegistrationStatus.NOT_SENT)
        if state == RegistrationStatus.NOT_SENT:
            continue
        reg.status = state
        reg.collective_title = rng.choice(
            [TitleCode.TT_LDXS, TitleCode.TT_LDXS, TitleCode.TT_LDTT, TitleCode.CO_THI_DUA_NGANH]
        )
        reg.submitted_at = _aware(day + datetime.timedelta(days=rng.randint(0, 40)))
        for i, text in enumerate(rng.sample(TARGETS, 3), start=1):
            targets.append(RegistrationTarget(registration=reg, order=i, text=text))
        people = [pid for path, ids in people_by_path.items() if path.startswith(reg.unit.path)
                  for pid in ids]
        for pid in people:
            roll = rng.random()
            if roll < 0.75:
                title = TitleCode.LAO_DONG_TIEN_TIEN
            elif roll < 0.85:
                title = TitleCode.CSTD_CO_SO
            elif roll < 0.87:
                title = TitleCode.CSTD_CAP_BO
            else:
                continue
            individuals.append(IndividualRegistration(registration=reg, person_id=pid, title=title))
        events.append(RegistrationEvent(registration=reg, verb="submit", actor=actor))
        if state == RegistrationStatus.RETURNED:
            reg.return_reason = ("Bổ sung chỉ tiêu về chuyển đổi số; danh sách cá nhân đăng ký "
                                 "Chiến sĩ thi đua cơ sở vượt 15% số Lao động tiên tiến.")
            reg.decided_at = reg.submitted_at + datetime.timedelta(days=5)
            events.append(RegistrationEvent(registration=reg, verb="return", actor=dept,
                                            note=reg.return_reason))
        if state == RegistrationStatus.APPROVED:
            reg.decided_at = reg.submitted_at + datetime.timedelta(days=7)
            events.append(RegistrationEvent(registration=reg, verb="approve", actor=dept))
    Registration.objects.bulk_update(
        regs, ["status", "collective_title", "submitted_at", "decided_at", "return_reason"],
        batch_size=500,
    )
    RegistrationTarget.objects.bulk_create(targets, batch_size=2000)
    IndividualRegistration.objects.bulk_create(individuals, batch_size=2000)
    RegistrationEvent.objects.bulk_create(events, batch_size=2000)
    return len(individuals)


def _movement(dept, unit, name, kind, year, theme, objectives, starts, ends, deadline,
              parent=None, unit_codes=None):
    return services.create_movement(
        dept, unit,
        {"name": name, "kind": kind, "year": year, "theme": theme, "starts_on": starts,
         "ends_on": ends, "registration_deadline": deadline, "parent": parent},
        objectives, unit_codes,
    )


def _advance(actor, movement, *statuses, today):
    for status in statuses:
        services.transition(actor, movement, status, today=today)
    movement.refresh_from_db()


def seed_movements(ctx, dept, officer):
    rng = ctx.rng
    btp = Unit.objects.get(code="BTP")
    d = datetime.date

    # 2025: closed, every unit approved (feeds the people's history).
    m25 = _movement(dept, btp, "Phong trào thi đua yêu nước ngành Tư pháp năm 2025",
                    MovementKind.REGULAR, 2025,
                    "Đoàn kết, kỷ cương, đổi mới, hiệu quả – hoàn thành sắp xếp tổ chức bộ máy",
                    OBJECTIVES_2026, d(2025, 1, 1), d(2025, 12, 31), d(2025, 3, 31))
    _advance(dept, m25, MovementStatus.LAUNCHED, MovementStatus.UNDER_WAY, today=d(2025, 1, 15))
    units25 = list(m25.registrations.values_list("unit_id", flat=True))
    n25 = _fill_registrations(ctx, m25, dict.fromkeys(units25, RegistrationStatus.APPROVED),
                              dept, dept, d(2025, 2, 1))
    _advance(dept, m25, MovementStatus.MIDTERM, today=d(2025, 7, 10))
    MovementReview.objects.create(
        movement=m25, kind=ReviewKind.MIDTERM, held_on=d(2025, 7, 10), created_by=dept,
        results="Các đơn vị hoàn thành trên 55% chỉ tiêu năm; 100% đơn vị đăng ký thi đua.",
        findings="Một số đơn vị chậm báo cáo tiến độ; phong trào ở khối sự nghiệp chưa đều.",
    )
    _advance(dept, m25, MovementStatus.FINAL, today=d(2025, 12, 20))
    final = MovementReview.objects.create(
        movement=m25, kind=ReviewKind.FINAL, held_on=d(2026, 1, 20), created_by=dept,
        results="Hoàn thành toàn diện các nhiệm vụ năm 2025; nhiều chỉ tiêu vượt kế hoạch.",
        findings="Cần gắn kết quả phong trào với khen thưởng, tránh hình thức.",
    )
    top_units = list(Unit.objects.filter(code__in=["STP-01", "THADS-79", "PBGDPL", "STP-48"]))
    proposals = [ReviewProposal(review=final, unit=u, award_code=TitleCode.BANG_KHEN_BO_TRUONG,
                                reason="Hoàn thành xuất sắc nhiệm vụ năm 2025, dẫn đầu phong trào")
                 for u in top_units]
    for person in Person.objects.filter(is_leader=False).order_by("id")[:: max(1, 200)][:6]:
        proposals.append(ReviewProposal(
            review=final, person=person, award_code=TitleCode.BANG_KHEN_BO_TRUONG,
            reason="Có thành tích xuất sắc, sáng kiến được áp dụng rộng rãi"))
    ReviewProposal.objects.bulk_create(proposals)
    _advance(dept, m25, MovementStatus.CLOSED, today=d(2026, 1, 25))

    # 2026: under way, registrations in mixed states; the deadline has passed.
    m26 = _movement(dept, btp, "Phong trào thi đua yêu nước ngành Tư pháp năm 2026",
                    MovementKind.REGULAR, 2026, THEME_2026, OBJECTIVES_2026,
                    d(2026, 1, 1), d(2026, 12, 31), d(2026, 3, 31))
    _advance(dept, m26, MovementStatus.LAUNCHED, MovementStatus.UNDER_WAY, today=d(2026, 1, 16))
    states = {}
    for reg in m26.registrations.select_related("unit").order_by("unit__path"):
        if reg.unit.code in ("STP-01",):
            continue  # the demo officer registers it
        if reg.unit.code == "THADS-79":
            states[reg.unit_id] = RegistrationStatus.RETURNED
            continue
        roll = rng.random()
        states[reg.unit_id] = (
            RegistrationStatus.APPROVED if roll < 0.55
            else RegistrationStatus.SUBMITTED if roll < 0.7
            else RegistrationStatus.RETURNED if roll < 0.8
            else RegistrationStatus.NOT_SENT
        )
    n26 = _fill_registrations(ctx, m26, states, dept, dept, d(2026, 2, 10))

    thematic = _movement(
        dept, btp,
        "Phong trào thi đua chuyên đề “Ngành Tư pháp chung sức xây dựng Chính phủ số” "
        "giai đoạn 2026–2028",
        MovementKind.THEMATIC, 2026, "Chuyển đổi số toàn diện các dịch vụ công trong ngành Tư pháp",
        ["Số hóa 100% sổ hộ tịch, hồ sơ lý lịch tư pháp còn lưu trữ giấy.",
         "Cung cấp dịch vụ công trực tuyến toàn trình cho các thủ tục đủ điều kiện.",
         "Bồi dưỡng kỹ năng số cho toàn bộ cán bộ, công chức, viên chức."],
        d(2026, 10, 1), d(2028, 12, 31), d(2026, 12, 15),
        unit_codes=["CNTT", "HCTP", "DKBT", "STP-01", "STP-79", "STP-48", "STP-31"],
    )
    _advance(dept, thematic, MovementStatus.LAUNCHED, today=d(2026, 10, 1))

    stp01 = Unit.objects.get(code="STP-01")
    local = _movement(
        officer or dept, stp01, "Phong trào thi đua Sở Tư pháp Hà Nội năm 2026",
        MovementKind.REGULAR, 2026, THEME_2026, OBJECTIVES_2026[:4],
        d(2026, 1, 20), d(2026, 12, 31), d(2026, 2, 28), parent=m26,
    )
    _advance(officer or dept, local, MovementStatus.LAUNCHED, MovementStatus.UNDER_WAY,
             today=d(2026, 1, 20))
    local_states = {
        r.unit_id: RegistrationStatus.APPROVED
        for r in local.registrations.order_by("unit__path")[:4]
    }
    _fill_registrations(ctx, local, local_states, officer or dept, officer or dept,
                        d(2026, 2, 5))
    ctx.say(f"Phong trào: 4 phong trào, {n25 + n26} lượt cá nhân đăng ký")


def _cluster_year(ctx, cluster, year, dept, finished: bool):
    rng = ctx.rng
    d = datetime.date
    memberships = list(ClusterMembership.objects.filter(cluster=cluster, year=year)
                       .select_related("unit").order_by("unit__code"))
    if len(memberships) < 2:
        return None
    place = PACT_PLACES.get(cluster.code, "Hà Nội")
    cy = ClusterYear.objects.create(
        cluster=cluster, year=year, pact_signed_on=d(year, 1, 26 if year == 2026 else 22),
        pact_place=place, scoring_deadline=d(year, 12, 10),
        pact_content=f"Các đơn vị thành viên {cluster.name} ký kết giao ước thi đua năm {year}.",
    )
    PactTarget.objects.bulk_create(
        PactTarget(cluster_year=cy, order=i, text=t) for i, t in enumerate(PACT_TARGETS, 1))
    criteria = Criterion.objects.bulk_create(
        Criterion(cluster_year=cy, order=i, kind=k, title=t, max_points=Decimal(m),
                  evidence_required=e)
        for i, (k, t, m, e) in enumerate(RUBRIC, 1)
    )
    head = next((m.unit for m in memberships if m.role == ClusterRole.HEAD), memberships[0].unit)
    reviewer = dept
    cards, scores = [], []
    for index, m in enumerate(memberships):
        if not finished and index % 3 == 2:
            continue  # not started yet
        status = (ScorecardStatus.REVIEWED if finished
                  else ScorecardStatus.SUBMITTED if index % 3 == 0 else ScorecardStatus.DRAFT)
        card = Scorecard(cluster_year=cy, unit=m.unit, status=status,
                         submitted_at=_aware(d(year, 12, 5)) if status != "draft" else None,
                         reviewed_at=_aware(d(year, 12, 15)) if finished else None)
        cards.append(card)
        for c in criteria:
            if c.kind == CriterionKind.STANDARD:
                own = (c.max_points * Decimal(rng.randint(82, 100)) / 100).quantize(Decimal("0.5"))
            elif c.kind == CriterionKind.BONUS:
                own = Decimal(rng.choice([0, 0, 1, 2, 3]))
            else:
                own = Decimal(rng.choice([0, 0, 0, 1]))
            score = Score(scorecard=card, criterion=c, self_points=own,
                          evidence="Báo cáo tổng kết năm, số liệu thống kê kèm theo")
            if finished and c.kind == CriterionKind.STANDARD and rng.random() < 0.15:
                score.reviewed_points = max(Decimal(0), own - Decimal("1.5"))
                score.review_reason = "Chưa có tài liệu kiểm chứng cho một phần kết quả tự chấm."
                score.reviewed_by = reviewer
            scores.append(score)
    Scorecard.objects.bulk_create(cards)
    Score.objects.bulk_create(scores, batch_size=2000)
    if finished:
        from .selectors import ranking

        ranks = ranking(cy)
        first, second = ranks[0].unit, ranks[1].unit
        votes = [
            HonouringVote(cluster_year=cy, voter_unit=m.unit,
                          candidate_unit=second if m.unit == first else first, cast_by=dept)
            for m in memberships
        ]
        HonouringVote.objects.bulk_create(votes)
        cy.vote_held_on = d(year + 1, 1, 22)
        cy.vote_minutes = (
            f"Hội nghị tổng kết công tác thi đua năm {year} của {cluster.name} tổ chức tại "
            f"{place}. Có mặt {len(memberships)}/{len(memberships)} đơn vị thành viên. "
            f"Cụm trưởng: {head.name}. Kết quả suy tôn: {first.name} "
            f"{len(memberships) - 1}/{len(memberships)} phiếu, đề nghị Bộ trưởng tặng Cờ thi đua "
            f"ngành Tư pháp."
        )
        cy.vote_closed = True
        cy.save()
    return cy


def seed(ctx) -> None:
    dept = User.objects.filter(username="thuongtruc").first()
    officer = User.objects.filter(username="canbo.stp01").first()
    seed_movements(ctx, dept, officer)
    done = 0
    for cluster in EmulationCluster.objects.order_by("code"):
        if _cluster_year(ctx, cluster, ctx.year - 1, dept, finished=True):
            done += 1
        _cluster_year(ctx, cluster, ctx.year, dept, finished=False)
    ctx.say(f"Cụm thi đua: {done} cụm đã suy tôn năm {ctx.year - 1}, năm {ctx.year} đang chấm điểm")
