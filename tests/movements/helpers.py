"""Helpers shared by the movements tests (and by the access walk's OTHER_SCOPE_VALUES)."""

import datetime

from tdkt.movements import services
from tdkt.movements.models import (
    ClusterYear,
    Criterion,
    MovementDocument,
    MovementReview,
    ReviewProposal,
    Score,
    Scorecard,
)
from tdkt.organisation.models import EmulationCluster, Unit

D = datetime.date
DEADLINE = D(2026, 3, 31)
OBJECTIVES = [
    "Thi đua hoàn thành xuất sắc nhiệm vụ chuyên môn.",
    "Thi đua đẩy mạnh chuyển đổi số.",
]


def make_movement(actor, launcher="BTP", unit_codes=("STP-01", "STP-79", "THADS-01"),
                  launch=True, deadline=DEADLINE, kind="regular", year=2026,
                  name="Phong trào thi đua năm 2026", **extra):
    data = {"name": name, "kind": kind, "year": year, "theme": "Kỷ cương, đổi mới",
            "starts_on": D(year, 1, 1), "ends_on": D(year, 12, 31),
            "registration_deadline": deadline, **extra}
    movement = services.create_movement(
        actor, Unit.objects.get(code=launcher), data, OBJECTIVES,
        list(unit_codes) if unit_codes else None,
    )
    if launch:
        services.transition(actor, movement, "launched", today=D(year, 1, 10))
        movement.refresh_from_db()
    return movement


def registration_of(movement, code):
    return movement.registrations.select_related("unit", "movement__launching_unit").get(
        unit__code=code)


def fill(actor, reg, targets=("Hoàn thành 100% nhiệm vụ",), title="tap_the_lao_dong_xuat_sac",
         individuals=None):
    return services.save_registration(actor, reg, title, list(targets), individuals or {})


# --- objects of unit B (STP-79) for the access walk -----------------------------------


def _cached(cast, key, build):
    store = cast.__dict__.setdefault("_movement_objects", {})
    if key not in store:
        store[key] = build()
    return store[key]


def other_movement(cast):
    return _cached(cast, "movement", lambda: make_movement(
        cast.officer_b, launcher="STP-79", unit_codes=("STP-79-VP",),
        name="Phong trào riêng của Sở Tư pháp TP.HCM"))


def other_registration(cast):
    return other_movement(cast).registrations.first()


def other_document(cast):
    return _cached(cast, "document", lambda: MovementDocument.objects.create(
        movement=other_movement(cast), kind="plan", title="Kế hoạch", file="phong-trao/x.pdf"))


def other_proposal(cast):
    def build():
        review = MovementReview.objects.create(
            movement=other_movement(cast), kind="midterm", held_on=D(2026, 7, 1), results="Tốt")
        return ReviewProposal.objects.create(
            review=review, unit=cast.unit_b, award_code="bang_khen_bo_truong_bo_tu_phap",
            reason="Xuất sắc")
    return _cached(cast, "proposal", build)


def other_notification(cast):
    from tdkt.notifications.models import Notification
    from tdkt.notifications.services import notify

    def build():
        notify(units=[cast.unit_b], message="Thông báo cho Sở Tư pháp TP.HCM")
        return Notification.objects.filter(unit=cast.unit_b).latest("pk")
    return _cached(cast, "notification", build)


OTHER_CLUSTER = "CUM-DP-DNB"  # STP-79's cluster; STP-01 is not a member
OTHER_CLUSTER_YEAR = 2026


def other_cluster_year(cast):
    return _cached(cast, "cy", lambda: ClusterYear.objects.get_or_create(
        cluster=EmulationCluster.objects.get(code=OTHER_CLUSTER), year=OTHER_CLUSTER_YEAR)[0])


def other_criterion(cast):
    return _cached(cast, "criterion", lambda: Criterion.objects.create(
        cluster_year=other_cluster_year(cast), order=1, title="Nhiệm vụ", max_points=10))


def other_score(cast):
    def build():
        card = Scorecard.objects.create(cluster_year=other_cluster_year(cast), unit=cast.unit_b)
        return Score.objects.create(scorecard=card, criterion=other_criterion(cast),
                                    self_points=8, evidence_file="cum-thi-dua/x.pdf")
    return _cached(cast, "score", build)
