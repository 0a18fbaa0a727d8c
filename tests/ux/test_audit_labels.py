"""Audit histories speak Vietnamese: no verb code reaches the visible text (issue 16)."""

import re

from tdkt.audit.labels import verb_label


def test_known_verbs_have_vietnamese_labels():
    assert verb_label("movement.launch") == "Phong trào: phát động"
    assert verb_label("movement.create") == "Phong trào: tạo mới"
    assert verb_label("inspection.finding_added") == "Kiểm tra: thêm phát hiện"


def test_unknown_verbs_never_show_the_code():
    for verb in ("movement.zzz_unknown", "zzz_thing.create", "x"):
        assert not re.search(r"[a-z]+[._][a-z]+", verb_label(verb))
