"""Replication (nhân rộng) of a published model, its link to movement registrations, the
reminders for results due, and the department's featured stories on the public home."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tdkt.accounts.models import Role
from tdkt.audit.models import Action
from tdkt.exemplars import replication, services
from tdkt.exemplars.models import Adoption, AdoptionStatus
from tdkt.notifications.models import Notification
from tdkt.organisation.models import Unit
from tests.core.samples import EXE, pdf_bytes
from tests.exemplars.helpers import exemplar, published
from tests.factories import make_user
from tests.movements.helpers import make_movement, registration_of

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def model(cast):
    """A published model of a department of unit A (Hà Nội)."""
    return published(Unit.objects.get(code="STP-01-HCBT"),
                     title="Liên thông khai sinh – thường trú – bảo hiểm y tế")


@pytest.fixture
def dept(db):
    return make_user("vu_tccb", Role.EMULATION_DEPT, "BTP")


def _register(cast, model, user=None, unit=None, **extra):
    fields = {"plan": "Áp dụng liên thông tại bộ phận một cửa.", "starts_on": D(2026, 1, 1),
              "ends_on": D(2026, 6, 30), "responsible": "Trưởng phòng Hành chính tư pháp"}
    fields.update(extra)
    return replication.register(user or cast.officer_b, model, unit=unit or cast.unit_b,
                                **fields)


def _pdf(name="ket-qua.pdf", content=None):
    return SimpleUploadedFile(name, content or pdf_bytes(), content_type="application/pdf")


# --- registering to apply a model ------------------------------------------------------------

def test_another_units_officer_registers_through_the_form_audited_and_the_model_unit_told(
        cast, model, client_for):
    client = client_for(cast.officer_b)
    url = reverse("exemplars:adopt", args=[model.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Áp dụng từ ngày" in page.content.decode()
    response = client.post(url, {
        "unit": cast.unit_b.pk, "plan": "Liên thông tại bộ phận một cửa của Sở.",
        "starts_on": "01/01/2026", "ends_on": "30/06/2026", "responsible": "Bà Lê Thu Hà"})
    adoption = Adoption.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("exemplars:adoption", args=[adoption.pk])
    assert (adoption.unit, adoption.starts_on, adoption.ends_on, adoption.status) == (
        cast.unit_b, D(2026, 1, 1), D(2026, 6, 30), AdoptionStatus.APPLYING)
    assert Action.objects.filter(verb="exemplar.adopt", target_id=str(model.pk)).exists()
    told = Notification.objects.get(unit=model.unit)
    assert "đăng ký nhân rộng" in told.message and cast.unit_b.name in told.message


def test_an_unpublished_model_cannot_be_adopted(cast, client_for):
    hidden = exemplar(Unit.objects.get(code="STP-01-HCBT"), status="accepted")
    client = client_for(cast.officer_b)
    assert client.get(reverse("exemplars:model", args=[hidden.pk])).status_code == 404
    assert client.post(reverse("exemplars:adopt", args=[hidden.pk]), {
        "unit": cast.unit_b.pk, "plan": "x", "starts_on": "01/01/2026",
        "ends_on": "30/06/2026", "responsible": "y"}).status_code == 404
    with pytest.raises(ValidationError):
        _register(cast, hidden)
    assert not Adoption.objects.exists()


def test_an_officer_registers_only_units_they_write_and_never_the_models_own(cast, model):
    with pytest.raises(PermissionDenied):
        _register(cast, model, user=cast.officer_b, unit=cast.unit_a)  # unit A: not theirs
    with pytest.raises(PermissionDenied):
        _register(cast, model, user=cast.head_a, unit=cast.unit_a)  # a head reads only
    with pytest.raises(ValidationError) as err:
        _register(cast, model, user=cast.officer_a, unit=model.unit)
    assert "không tự đăng ký" in str(err.value)
    _register(cast, model, user=cast.officer_a, unit=Unit.objects.get(code="STP-01-VP"))


def test_dates_in_order_and_one_running_adoption_per_unit(cast, model):
    with pytest.raises(ValidationError) as err:
        _register(cast, model, starts_on=D(2026, 6, 1), ends_on=D(2026, 1, 1))
    assert "Ngày kết thúc phải sau ngày bắt đầu." in str(err.value)
    _register(cast, model)
    with pytest.raises(ValidationError) as err:
        _register(cast, model)
    assert "đang áp dụng mô hình này" in str(err.value)


# --- the movement registration of the year ---------------------------------------------------

def test_an_adoption_naming_a_movement_appears_in_that_units_registration(
        cast, model, dept, client_for):
    movement = make_movement(dept)
    reg_b = registration_of(movement, "STP-79")
    adoption = _register(cast, model, registration=reg_b)
    page = client_for(cast.officer_b).get(reverse("movements:registration", args=[reg_b.pk]))
    html = page.content.decode()
    assert "Học tập, nhân rộng mô hình điển hình (1)" in html
    assert model.title in html and reverse("exemplars:adoption", args=[adoption.pk]) in html
    # unit A's registration in the same movement shows nothing of it
    reg_a = registration_of(movement, "STP-01")
    html = client_for(dept).get(reverse("movements:registration", args=[reg_a.pk])).content
    assert model.title.encode() not in html


def test_an_adoption_cannot_name_another_units_registration_or_another_years(
        cast, model, dept):
    movement = make_movement(dept)
    with pytest.raises(ValidationError) as err:
        _register(cast, model, registration=registration_of(movement, "STP-01"))
    assert "registration" in err.value.message_dict
    old = make_movement(dept, year=2024, name="Phong trào thi đua năm 2024",
                        deadline=D(2024, 3, 31))
    with pytest.raises(ValidationError):
        _register(cast, model, registration=registration_of(old, "STP-79"))
    assert not Adoption.objects.exists()


# --- reporting results ------------------------------------------------------------------------

def test_the_adopting_unit_reports_results_with_figures_and_files(
        cast, model, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    adoption = _register(cast, model)
    client = client_for(cast.officer_b)
    url = reverse("exemplars:adoption_report", args=[adoption.pk])
    response = client.post(url, {
        "text": "Đã giải quyết liên thông toàn bộ hồ sơ trẻ dưới 6 tuổi.",
        "figures": "Số hồ sơ liên thông: 1.250\nTỷ lệ đúng hạn: 100%", "files": [_pdf()]})
    assert response.status_code == 302
    adoption.refresh_from_db()
    assert adoption.status == AdoptionStatus.REPORTED
    assert adoption.result_figures == [["Số hồ sơ liên thông", "1.250"],
                                       ["Tỷ lệ đúng hạn", "100%"]]
    assert adoption.files.get().name == "ket-qua.pdf"
    assert Action.objects.filter(verb="exemplar.adoption_report").exists()
    # the model's page: where it spread and with what result, with the count
    html = client.get(reverse("exemplars:model", args=[model.pk])).content.decode()
    assert "<strong>1</strong> lượt đơn vị đăng ký áp dụng" in html
    assert "<strong>1</strong> đã báo cáo kết quả" in html
    assert cast.unit_b.name in html and "Tỷ lệ đúng hạn: <strong>100%</strong>" in html
    # the model's own unit reads the result and its file; reporting twice is refused
    owner = client_for(cast.officer_a)
    f = adoption.files.get()
    assert owner.get(reverse("exemplars:adoption_file", args=[f.pk])).status_code == 200
    with pytest.raises(ValidationError):
        replication.report_results(cast.officer_b, adoption, text="Lần hai", figures=[])


def test_a_renamed_executable_is_refused_and_nothing_is_reported(cast, model, client_for):
    adoption = _register(cast, model)
    response = client_for(cast.officer_b).post(
        reverse("exemplars:adoption_report", args=[adoption.pk]),
        {"text": "Kết quả tốt.", "files": [_pdf("ket-qua.pdf", EXE)]})
    assert response.status_code == 200
    assert "ket-qua.pdf" in response.content.decode()
    adoption.refresh_from_db()
    assert adoption.status == AdoptionStatus.APPLYING and not adoption.files.exists()


def test_figures_must_read_label_colon_value():
    assert replication.parse_figures("\nSố lượt: 12\n") == [["Số lượt", "12"]]
    with pytest.raises(ValidationError) as err:
        replication.parse_figures("Số lượt: 12\nmười hai")
    assert "Dòng 2" in str(err.value)


def test_another_units_officer_cannot_report_results_for_an_adoption_not_theirs(
        cast, model, client_for):
    adoption = _register(cast, model)
    url = reverse("exemplars:adoption_report", args=[adoption.pk])
    payload = {"text": "Báo cáo giả mạo.", "figures": "Tỷ lệ: 0%"}
    # the model's unit reads the adoption but does not write for the adopting unit
    assert client_for(cast.officer_a).post(url, payload).status_code == 403
    # a third unit does not even learn the adoption exists
    stranger = make_user("officer_c", Role.UNIT_OFFICER, "THADS-01")
    assert client_for(stranger).post(url, payload).status_code == 404
    assert client_for(stranger).get(
        reverse("exemplars:adoption", args=[adoption.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        replication.report_results(cast.officer_a, adoption, text="x", figures=[])
    adoption.refresh_from_db()
    assert adoption.status == AdoptionStatus.APPLYING and adoption.result_text == ""


def test_the_model_page_is_a_fixed_number_of_queries(
        cast, model, client_for, django_assert_max_num_queries):
    for code in ("STP-79", "THADS-01", "STP-01-VP"):
        unit = Unit.objects.get(code=code)
        Adoption.objects.create(exemplar=model, unit=unit, plan="p", responsible="r",
                                starts_on=D(2026, 1, 1), ends_on=D(2026, 3, 1))
    client = client_for(cast.officer_b)
    client.get(reverse("exemplars:model", args=[model.pk]))
    with django_assert_max_num_queries(12):
        html = client.get(reverse("exemplars:model", args=[model.pk])).content.decode()
    assert "<strong>3</strong> lượt đơn vị đăng ký áp dụng" in html


# --- reminders ------------------------------------------------------------------------------

def test_results_due_are_reminded_once_and_listed_on_the_home(cast, model, client_for):
    adoption = _register(cast, model)
    assert replication.remind_results_due(D(2026, 6, 1)) == 0  # a month before the end
    assert replication.remind_results_due(D(2026, 6, 20)) == 1
    assert replication.remind_results_due(D(2026, 6, 21)) == 0  # once
    notice = Notification.objects.get(unit=cast.unit_b, kind="reminder")
    assert "Báo cáo kết quả nhân rộng" in notice.message and "30/06/2026" in notice.message
    assert notice.link == reverse("exemplars:adoption", args=[adoption.pk])

    from tdkt.accounts.scoping import Scope
    from tdkt.exemplars.todo import items

    titles = [i.title for i in items(cast.officer_b, Scope(cast.officer_b), D(2026, 6, 20))]
    assert "Báo cáo kết quả nhân rộng" in titles
    assert "Báo cáo kết quả nhân rộng" not in [
        i.title for i in items(cast.officer_a, Scope(cast.officer_a), D(2026, 6, 20))]
    replication.report_results(cast.officer_b, adoption, text="Xong.", figures=[])
    assert "Báo cáo kết quả nhân rộng" not in [
        i.title for i in items(cast.officer_b, Scope(cast.officer_b), D(2026, 6, 20))]


# --- public: featured stories, sharing, spread ------------------------------------------------

def test_only_the_department_features_a_published_story(cast, model, dept, client_for):
    url = reverse("exemplars:feature", args=[model.pk])
    assert client_for(cast.officer_a).post(url, {"featured": "1"}).status_code == 403
    model.refresh_from_db()
    assert not model.featured
    assert client_for(dept).post(url, {"featured": "1"}).status_code == 302
    model.refresh_from_db()
    assert model.featured
    assert Action.objects.filter(verb="exemplar.feature").exists()
    draft = exemplar(cast.unit_a, status="accepted")
    with pytest.raises(ValidationError):
        services.set_featured(dept, draft, True)
    services.unpublish(dept, model)
    model.refresh_from_db()
    assert not model.featured  # withdrawn from the public home with the story


def test_public_home_shows_up_to_three_featured_stories_newest_first(cast, client):
    from django.utils import timezone

    base = timezone.now()
    stories = [published(cast.unit_a, title=f"Câu chuyện số {i}", featured=True,
                         published_at=base - datetime.timedelta(days=i)) for i in range(4)]
    published(cast.unit_a, title="Không nêu gương")
    exemplar(cast.unit_a, title="Chưa công bố nêu gương", featured=True, status="accepted")
    html = client.get(reverse("core:public_home")).content.decode()
    assert "Nêu gương điển hình tiên tiến" in html
    shown = [s.title for s in stories if s.title in html]
    assert shown == ["Câu chuyện số 0", "Câu chuyện số 1", "Câu chuyện số 2"]
    assert "Không nêu gương" not in html and "Chưa công bố nêu gương" not in html


def test_a_story_page_carries_escaped_sharing_tags_and_where_it_spread(cast, model, client):
    model.title = 'Mô hình "một cửa" <script>alert(1)</script>'
    model.story = "Người dân chỉ nộp hồ sơ một lần. " * 20
    model.save()
    Adoption.objects.create(exemplar=model, unit=cast.unit_b, plan="Áp dụng tại một cửa",
                            responsible="r", starts_on=D(2026, 1, 1), ends_on=D(2026, 3, 1),
                            status="reported", result_text="Giảm một nửa thời gian chờ.")
    html = client.get(reverse("exemplars_public:story", args=[model.pk])).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert ('<meta property="og:title" content="Mô hình &quot;một cửa&quot; '
            '&lt;script&gt;alert(1)&lt;/script&gt;">') in html
    assert f'<meta property="og:url" content="http://testserver/cong-khai/dien-hinh/{model.pk}/">' \
        in html
    assert '<meta property="og:description" content="Người dân chỉ nộp hồ sơ một lần.' in html
    assert "Giảm một nửa thời gian chờ." in html and cast.unit_b.name in html
    assert reverse("exemplars:adoption", args=[model.adoptions.get().pk]) not in html


def test_unpublished_stories_are_not_public(cast, client):
    draft = exemplar(cast.unit_a, status="accepted", story="Bản nháp", featured=True)
    assert client.get(reverse("exemplars_public:story", args=[draft.pk])).status_code == 404
    assert "Bản nháp" not in client.get(reverse("exemplars_public:index")).content.decode()


# --- fostering plan: the responsible unit within the officer's subtree ------------------------

def test_plan_picker_lists_only_the_officers_subtree_and_refuses_another(cast, client_for):
    ex = exemplar(cast.unit_a, status="accepted", stage="foster")
    client = client_for(cast.officer_a)
    html = client.get(reverse("exemplars:detail", args=[ex.pk])).content.decode()
    assert 'name="responsible_unit"' in html
    assert Unit.objects.get(code="STP-01-VP").name in html
    assert cast.unit_b.name not in html
    response = client.post(reverse("exemplars:foster", args=[ex.pk]), {
        "action": "plan", "responsible_unit": cast.unit_b.pk, "goals": "Mục tiêu"})
    assert response.status_code == 404
    office = Unit.objects.get(code="STP-01-VP")
    client.post(reverse("exemplars:foster", args=[ex.pk]), {
        "action": "plan", "responsible_unit": office.pk, "goals": "Mục tiêu"})
    ex.plan.refresh_from_db()
    assert ex.plan.responsible_unit == office


# --- public report form: units down to depth 3, with a search box -----------------------------

def test_public_report_form_lists_units_down_to_depth_three_with_a_search(client):
    import re

    html = client.get(reverse("exemplars_public:report")).content.decode()
    ids = {int(v) for v in re.findall(r'<option value="(\d+)"', html)}
    depths = set(Unit.objects.filter(pk__in=ids).values_list("depth", flat=True))
    assert ids and depths <= {1, 2, 3}
    deeper = Unit.objects.filter(depth=4, effective_to=None).first()
    if deeper is not None:
        assert deeper.pk not in ids
    assert 'data-search="Tìm đơn vị (gõ có dấu hoặc không dấu)"' in html
    assert "/static/exemplars/unit-search.js" in html


def test_replication_pages_do_not_grow_with_data(
        cast, model, client_for, django_assert_max_num_queries):
    for i, code in enumerate(("STP-79", "STP-79-VP", "STP-79-HCBT", "THADS-01")):
        unit = Unit.objects.get(code=code)
        published(unit, title=f"Mô hình số {i}")
        Adoption.objects.create(exemplar=model, unit=unit, plan="p", responsible="r",
                                starts_on=D(2026, 1, 1), ends_on=D(2026, 3, 1))
    client = client_for(cast.officer_b)
    url = reverse("exemplars:replication")
    client.get(url)
    with django_assert_max_num_queries(14):
        html = client.get(url).content.decode()
    assert "Mô hình số 3" in html and model.title in html
    # officer B's list shows the adoptions of B's units, not THADS-01's
    ours = Adoption.objects.get(unit__code="STP-79-HCBT")
    assert reverse("exemplars:adoption", args=[ours.pk]) in html
    theirs = Adoption.objects.get(unit__code="THADS-01")
    assert reverse("exemplars:adoption", args=[theirs.pk]) not in html
