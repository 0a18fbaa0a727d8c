"""Vietnamese names for synthetic staff, by gender, with realistic surname frequencies."""

SURNAMES = [
    ("Nguyễn", 38), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Hoàng", 5), ("Huỳnh", 3),
    ("Phan", 4), ("Vũ", 4), ("Võ", 3), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 2), ("Hồ", 2),
    ("Ngô", 2), ("Dương", 1), ("Lý", 1), ("Đinh", 1), ("Trịnh", 1), ("Đoàn", 1), ("Lương", 1),
    ("Mai", 1), ("Tạ", 1), ("Cao", 1), ("Hà", 1), ("Lâm", 1),
]
MIDDLE = {
    "male": ["Văn", "Đức", "Minh", "Quốc", "Hữu", "Thanh", "Công", "Xuân", "Đình", "Anh",
             "Ngọc", "Trọng", "Tiến", "Mạnh", "Hoàng"],
    "female": ["Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Phương", "Hồng", "Kim",
               "Thùy", "Bích", "Mai", "Diệu", "Khánh"],
}
GIVEN = {
    "male": ["An", "Bình", "Cường", "Dũng", "Đức", "Hải", "Hiếu", "Hùng", "Huy", "Khoa", "Khánh",
             "Long", "Minh", "Nam", "Nghĩa", "Phong", "Phúc", "Quang", "Quân", "Sơn", "Tài",
             "Thắng", "Thành", "Toàn", "Trung", "Tuấn", "Tùng", "Việt", "Vinh", "Đạt", "Hưng",
             "Lâm", "Lộc", "Trí", "Kiên", "Duy", "Hoàng", "Đông", "Bảo", "Thịnh"],
    "female": ["An", "Anh", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Hương",
               "Huyền", "Lan", "Liên", "Linh", "Loan", "Mai", "My", "Nga", "Ngân", "Ngọc",
               "Nhung", "Oanh", "Phương", "Quỳnh", "Thảo", "Thủy", "Trang", "Trinh", "Tuyết",
               "Uyên", "Vân", "Yến", "Hồng", "Thư", "Hiền", "Duyên", "Khuê", "Nhàn", "Đào"],
}


def random_name(rng, gender: str) -> str:
    surnames, weights = zip(*SURNAMES, strict=True)
    surname = rng.choices(surnames, weights=weights)[0]
    return f"{surname} {rng.choice(MIDDLE[gender])} {rng.choice(GIVEN[gender])}"
