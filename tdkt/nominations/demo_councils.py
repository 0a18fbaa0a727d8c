"""Demo councils of Sở Tư pháp Hà Nội (STP-01) and THADS TP. Hồ Chí Minh (THADS-79): current
term, members who are demo accounts (tdkt/accounts/demo.py), the quorum and one threshold
from the unit's own regulation (the others say "chưa quy định"). Called by demo.seed()."""

import datetime

from tdkt.accounts.models import User
from tdkt.organisation.models import Unit

D = datetime.date

COUNCILS = [
    {
        "unit": "STP-01",
        "established_by": "Quyết định số 15/QĐ-STP ngày 15/01/2024 của Giám đốc Sở Tư pháp",
        "quorum_source": "Quy chế hoạt động của Hội đồng Thi đua – Khen thưởng Sở Tư pháp "
                         "(ban hành kèm theo Quyết định số 15/QĐ-STP ngày 15/01/2024), Điều 6",
        "threshold": ("chien_si_thi_dua_co_so", 80, "all",
                      "Quy chế hoạt động của Hội đồng Thi đua – Khen thưởng Sở Tư pháp, Điều 8"),
        "seats": [("lanhdao.stp01", "chair"), ("hoidong1.stp01", "vice"),
                  ("hoidong2.stp01", "member"), ("hoidong3.stp01", "member"),
                  ("hoidong4.stp01", "secretary")],
    },
    {
        "unit": "THADS-79",
        "established_by": "Quyết định số 20/QĐ-THADS ngày 10/03/2025 của Trưởng Thi hành án "
                          "dân sự Thành phố Hồ Chí Minh",
        "quorum_source": "Quy chế hoạt động của Hội đồng Thi đua – Khen thưởng Thi hành án dân "
                         "sự Thành phố Hồ Chí Minh, Điều 5",
        "threshold": ("chien_si_thi_dua_co_so", 80, "all",
                      "Quy chế hoạt động của Hội đồng Thi đua – Khen thưởng Thi hành án dân sự "
                      "Thành phố Hồ Chí Minh, Điều 7"),
        "seats": [("hoidong1.thads79", "chair"), ("hoidong2.thads79", "vice"),
                  ("hoidong3.thads79", "member"), ("hoidong4.thads79", "secretary")],
        "term_start": D(2025, 3, 10),
    },
]


def seed_councils(ctx, dept) -> dict:
    """The two councils (unit code → Council). `dept` acts as the department."""
    from .services import council as services

    users = {u.username: u for u in User.objects.filter(
        username__in=[s for c in COUNCILS for s, _ in c["seats"]])}
    made = {}
    for spec in COUNCILS:
        unit = Unit.objects.get(code=spec["unit"])
        start = spec.get("term_start", D(2024, 1, 15))
        council = services.create_council(
            dept, unit=unit, term_start=start, established_by=spec["established_by"],
            quorum_numerator=2, quorum_denominator=3, quorum_source=spec["quorum_source"],
        )
        code, percent, denominator, source = spec["threshold"]
        services.set_council_threshold(dept, council, code, percent, denominator, source)
        for username, position in spec["seats"]:
            if username in users:
                services.add_council_member(dept, council, users[username], position,
                                            joined_on=start)
        made[spec["unit"]] = council
        ctx.say(f"  Hội đồng TĐKT {unit.name}: {council.members.count()} thành viên")
    return made

