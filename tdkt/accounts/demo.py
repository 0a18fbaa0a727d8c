"""Demo accounts, one per role. They exist only in demo data (never in migrations)."""

from tdkt.organisation.models import Unit
from tdkt.people.models import Person

from .models import Role, RoleAssignment, User

ORDER = 30
DEMO_PASSWORD = "tdkt-demo"

# username, role, unit code, full name shown, link to a person of that unit (position prefix)
DEMO_ACCOUNTS = [
    ("admin", Role.ADMIN, "BTP", "Quản trị hệ thống", None),
    (
        "thuongtruc",
        Role.EMULATION_DEPT,
        "BTP",
        "Thường trực HĐTĐKT (Vụ TCCB)",
        ("TCCB", "Chuyên viên"),
    ),
    (
        "hoidong",
        Role.COUNCIL_MEMBER,
        "BTP",
        "Thành viên Hội đồng TĐKT ngành",
        ("TCCB", "Vụ trưởng"),
    ),
    (
        "canbo.stp01",
        Role.UNIT_OFFICER,
        "STP-01",
        "Cán bộ TĐKT Sở Tư pháp Hà Nội",
        ("STP-01-VP", ""),
    ),
    (
        "lanhdao.stp01",
        Role.UNIT_HEAD,
        "STP-01",
        "Giám đốc Sở Tư pháp Hà Nội",
        ("STP-01", "Giám đốc Sở"),
    ),
    ("nhanvien.stp01", Role.STAFF, "STP-01", "Cán bộ Sở Tư pháp Hà Nội", ("STP-01-HCBT", "")),
    (
        "canbo.thads79",
        Role.UNIT_OFFICER,
        "THADS-79",
        "Cán bộ TĐKT THADS TP. Hồ Chí Minh",
        ("THADS-79-VP", ""),
    ),
    # Members of the units' councils (nominations/demo_councils.py seats them; lanhdao.stp01
    # chairs the council of STP-01). The name is used when no staff record of the unit is
    # free to link (small demo scales).
    ("hoidong1.stp01", Role.COUNCIL_MEMBER, "STP-01", "Lê Minh Tuấn",
     ("STP-01", "Phó Giám đốc Sở")),
    ("hoidong2.stp01", Role.COUNCIL_MEMBER, "STP-01", "Nguyễn Thị Lan Anh",
     ("STP-01-VP", "Trưởng phòng")),
    ("hoidong3.stp01", Role.COUNCIL_MEMBER, "STP-01", "Phạm Quốc Bảo",
     ("STP-01-HCBT", "Trưởng phòng")),
    ("hoidong4.stp01", Role.COUNCIL_MEMBER, "STP-01", "Vũ Thị Hương",
     ("STP-01-VP", "")),
    ("hoidong1.thads79", Role.COUNCIL_MEMBER, "THADS-79", "Trần Thùy Phương",
     ("THADS-79", "Trưởng Thi hành án dân sự")),
    ("hoidong2.thads79", Role.COUNCIL_MEMBER, "THADS-79", "Đỗ Văn Khánh",
     ("THADS-79", "Phó Trưởng Thi hành án dân sự")),
    ("hoidong3.thads79", Role.COUNCIL_MEMBER, "THADS-79", "Hồ Thị Ngọc Hân",
     ("THADS-79-VP", "Trưởng phòng")),
    ("hoidong4.thads79", Role.COUNCIL_MEMBER, "THADS-79",
     "Nguyễn Đình Hưng", ("THADS-79-VP", "")),
]


def seed(ctx) -> None:
    units = {u.code: u for u in Unit.objects.filter(code__in={a[2] for a in DEMO_ACCOUNTS})}
    taken: set[int] = set()
    for username, role, unit_code, label, link in DEMO_ACCOUNTS:
        person = None
        if link:
            candidates = Person.objects.filter(unit__code=link[0], position__startswith=link[1])
            person = candidates.exclude(pk__in=taken).order_by("id").first()
            if person:
                taken.add(person.pk)
        user = User(username=username, is_superuser=role == Role.ADMIN, is_staff=role == Role.ADMIN)
        user.set_full_name(person.full_name if person else label)
        user.person = person
        user.set_password(DEMO_PASSWORD)
        user.save()
        RoleAssignment.objects.create(user=user, role=role, unit=units[unit_code])
    ctx.say("Tài khoản demo (mật khẩu tdkt-demo): " + ", ".join(a[0] for a in DEMO_ACCOUNTS))
