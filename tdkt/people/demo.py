"""Demo: synthetic staff sized by unit kind (org-notes.md §5), ~14,000 at scale 1.0."""

import datetime
import random

from tdkt.organisation.models import Unit

from .demo_names import random_name
from .models import Gender, Person

ORDER = 20

# (min, max) staff placed directly in a unit of each kind, at scale 1.0.
SIZE_BY_KIND = {
    "ministry": (6, 6),
    "department": (35, 70),
    "office": (60, 90),
    "directorate": (35, 70),
    "directorate_division": (8, 20),
    "public_service_unit": (50, 120),
    "public_service_unit_other": (40, 100),
    "provincial_justice_dept": (4, 6),
    "internal_division": (9, 22),
    "local_public_service_unit": (8, 20),
    "provincial_enforcement_office": (3, 5),
    "regional_enforcement_office": (12, 25),
}
SIZE_BY_CODE = {"DHLHN": (560, 640)}

# Curriculum vitae fields, drawn from each person's own generator so that the main demo
# stream (and every other app's demo data) stays as it was.
ETHNICITIES = [("Kinh", 86), ("Tày", 3), ("Thái", 2), ("Mường", 2), ("Khmer", 2), ("Hoa", 1),
               ("Nùng", 2), ("H'Mông", 1), ("Ê Đê", 1)]
HOME_TOWNS = ["Hà Nội", "Nam Định", "Thái Bình", "Nghệ An", "Hà Tĩnh", "Thanh Hóa", "Hải Phòng",
              "Bắc Ninh", "Quảng Ngãi", "Huế", "Đà Nẵng", "Thành phố Hồ Chí Minh", "Cần Thơ",
              "Đồng Tháp", "An Giang", "Lạng Sơn", "Phú Thọ", "Hưng Yên", "Ninh Bình"]
QUALIFICATIONS = [("Cử nhân Luật", 60), ("Thạc sĩ Luật", 20), ("Cử nhân Kinh tế", 6),
                  ("Cử nhân Hành chính", 6), ("Tiến sĩ Luật", 2), ("Cao đẳng", 6)]
THEORY = [("Sơ cấp", 35), ("Trung cấp", 40), ("Cao cấp", 15), ("Cử nhân", 10)]


def _pick(rng, pairs):
    return rng.choices([v for v, _ in pairs], weights=[w for _, w in pairs])[0]


def curriculum_vitae(id_number: str, leader: bool) -> dict:
    rng = random.Random(id_number)
    qualification = _pick(rng, QUALIFICATIONS)
    theory = "Cao cấp" if leader and rng.random() < 0.6 else _pick(rng, THEORY)
    return {
        "ethnicity": _pick(rng, ETHNICITIES),
        "home_town": rng.choice(HOME_TOWNS),
        "political_theory": theory,
        "qualification": qualification,
        "academic_title": {"Thạc sĩ Luật": "Thạc sĩ", "Tiến sĩ Luật": "Tiến sĩ"}.get(
            qualification, ""),
    }


HEAD_TITLES = {
    "ministry": ("Bộ trưởng", "Thứ trưởng"),
    "department": ("Vụ trưởng", "Phó Vụ trưởng"),
    "office": ("Chánh Văn phòng", "Phó Chánh Văn phòng"),
    "directorate": ("Cục trưởng", "Phó Cục trưởng"),
    "directorate_division": ("Trưởng ban", "Phó Trưởng ban"),
    "public_service_unit": ("Giám đốc", "Phó Giám đốc"),
    "public_service_unit_other": ("Giám đốc", "Phó Giám đốc"),
    "provincial_justice_dept": ("Giám đốc Sở", "Phó Giám đốc Sở"),
    "internal_division": ("Trưởng phòng", "Phó Trưởng phòng"),
    "local_public_service_unit": ("Giám đốc Trung tâm", "Phó Giám đốc Trung tâm"),
    "provincial_enforcement_office": ("Trưởng Thi hành án dân sự", "Phó Trưởng Thi hành án dân sự"),
    "regional_enforcement_office": ("Trưởng phòng", "Phó Trưởng phòng"),
}
ENFORCEMENT_STAFF = [
    ("Chấp hành viên", True, 5),
    ("Thư ký thi hành án", True, 4),
    ("Thẩm tra viên", False, 1),
    ("Kế toán", False, 1),
    ("Chuyên viên", False, 1),
    ("Nhân viên", True, 1),
]
OFFICE_STAFF = [
    ("Chuyên viên", False, 6),
    ("Chuyên viên chính", False, 3),
    ("Chuyên viên cao cấp", False, 1),
    ("Kế toán", False, 1),
    ("Nhân viên", True, 1),
]
TEACHING_STAFF = [
    ("Giảng viên", False, 6),
    ("Giảng viên chính", False, 2),
    ("Chuyên viên", False, 2),
]


def _staff_pool(unit: Unit, in_enforcement: bool):
    if in_enforcement:
        return ENFORCEMENT_STAFF
    if unit.code in {"DHLHN", "HVTP", "CDLMB", "CDLMT", "CDLMN"}:
        return TEACHING_STAFF
    return OFFICE_STAFF


def _id_number(rng, province: str, gender: str, born: datetime.date, used: set) -> str:
    century = 0 if born.year < 2000 else 2
    marker = century + (1 if gender == Gender.FEMALE else 0)
    while True:
        number = f"0{province or '01'}{marker}{born.year % 100:02d}{rng.randrange(10**6):06d}"
        if number not in used:
            used.add(number)
            return number


def seed(ctx) -> None:
    rng = ctx.rng
    units = list(Unit.objects.filter(effective_to__isnull=True).order_by("path"))
    by_path = {u.path: u for u in units}
    used: set[str] = set()
    people: list[Person] = []
    for unit in units:
        low, high = SIZE_BY_CODE.get(unit.code) or SIZE_BY_KIND.get(unit.kind, (0, 0))
        if high == 0:
            continue
        count = max(1, round(rng.randint(low, high) * ctx.scale))
        if unit.kind == "ministry":
            count = min(count, 1) if ctx.scale < 0.5 else count
        province = unit.province_code or next(
            (
                by_path[unit.path[:n]].province_code
                for n in range(4, len(unit.path), 4)
                if unit.path[:n] in by_path and by_path[unit.path[:n]].province_code
            ),
            "01",
        )
        in_enforcement = unit.code.startswith("THADS") or unit.code.startswith("QLTHADS")
        head_title, deputy_title = HEAD_TITLES[unit.kind]
        pool = _staff_pool(unit, in_enforcement)
        for index in range(count):
            gender = Gender.FEMALE if rng.random() < 0.52 else Gender.MALE
            if index == 0:
                position, frontline, leader = head_title, False, True
            elif index <= 2 and count >= 6:
                position, frontline, leader = deputy_title, False, True
            else:
                position, frontline, _w = rng.choices(pool, weights=[w for *_, w in pool])[0]
                leader = False
            age = rng.randint(40, 58) if leader else rng.randint(23, 59)
            born = datetime.date(ctx.year - age, rng.randint(1, 12), rng.randint(1, 28))
            joined = datetime.date(
                min(born.year + rng.randint(22, 30), ctx.year - 1), rng.randint(1, 12), 1
            )
            full_name = random_name(rng, gender)  # drawn before the number, as always
            id_number = _id_number(rng, province, gender, born, used)
            people.append(
                Person(
                    full_name=full_name,
                    gender=gender,
                    date_of_birth=born,
                    id_number=id_number,
                    unit=unit,
                    position=position,
                    is_leader=leader,
                    is_frontline=frontline,
                    joined_sector_on=joined,
                    **curriculum_vitae(id_number, leader),
                ).prepare()
            )
    Person.objects.bulk_create(people, batch_size=2000)
    ctx.say(f"Cán bộ: {len(people)} người")
