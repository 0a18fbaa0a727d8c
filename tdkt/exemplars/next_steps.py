"""What happens next to an advanced exemplar, and who does it (issue 16 item 3): a proposal
is accepted or declined, then an accepted exemplar moves through its stages (discover →
foster → summarise → replicate)."""

from __future__ import annotations

from tdkt.core.next_step import NextStep, done

from .models import Stage, Status

WRITER = "Cán bộ làm công tác TĐKT của đơn vị (hoặc Vụ Tổ chức cán bộ)"

STAGE_STEPS = {
    Stage.DISCOVER: "Lập kế hoạch bồi dưỡng điển hình và chuyển sang giai đoạn bồi dưỡng.",
    Stage.FOSTER: "Thực hiện các mốc của kế hoạch bồi dưỡng, ghi nhận tiến bộ; khi đủ điều "
                  "kiện chuyển sang tổng kết.",
    Stage.SUMMARISE: "Soạn báo cáo tổng kết điển hình, trình thủ trưởng đơn vị duyệt; sau đó "
                     "nhân rộng.",
    Stage.REPLICATE: "Giới thiệu mô hình để các đơn vị đăng ký nhân rộng và báo cáo kết quả.",
}


def for_exemplar(ex, *, writer: bool) -> NextStep:
    if ex.status == Status.PROPOSED:
        return NextStep("Chờ xem xét, công nhận hoặc không công nhận đề xuất.", actor=WRITER,
                        yours=writer)
    if ex.status == Status.DECLINED:
        return done("Đề xuất không được công nhận.")
    return NextStep(STAGE_STEPS.get(ex.stage, "Theo dõi điển hình."), actor=WRITER,
                    yours=writer)
