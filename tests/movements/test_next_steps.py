"""A movement's and a registration's page say what happens next and who does it (issue 16)."""

import datetime
from types import SimpleNamespace

import pytest
from django.urls import reverse

from tdkt.movements.models import MovementStatus, RegistrationStatus
from tdkt.movements.next_steps import for_movement, for_registration

D = datetime.date


@pytest.mark.parametrize(("status", "today", "says"), [
    (MovementStatus.DRAFT, D(2026, 1, 1), "phát động phong trào"),
    (MovementStatus.LAUNCHED, D(2026, 3, 1), "đăng ký thi đua đến hết ngày 31/03/2026"),
    (MovementStatus.UNDER_WAY, D(2026, 5, 1), "báo cáo tiến độ"),
    (MovementStatus.MIDTERM, D(2026, 7, 1), "tổng kết"),
    (MovementStatus.FINAL, D(2026, 12, 1), "kết thúc phong trào"),
])
def test_each_state_of_a_movement(status, today, says):
    movement = SimpleNamespace(status=status, registration_deadline=D(2026, 3, 31))
    step = for_movement(movement, manage=True, today=today)
    assert says in step.text and step.yours and not step.done
    assert not for_movement(movement, manage=False, today=today).yours


def test_a_closed_movement_is_done():
    step = for_movement(SimpleNamespace(status=MovementStatus.CLOSED), manage=True,
                        today=D(2027, 1, 1))
    assert step.done


@pytest.mark.parametrize(("status", "writer", "decider", "yours", "says"), [
    (RegistrationStatus.NOT_SENT, True, False, True, "gửi lên đơn vị phát động"),
    (RegistrationStatus.RETURNED, True, False, True, "theo yêu cầu bổ sung"),
    (RegistrationStatus.SUBMITTED, True, False, False, "Chờ đơn vị phát động duyệt"),
    (RegistrationStatus.SUBMITTED, False, True, True, "Chờ đơn vị phát động duyệt"),
    (RegistrationStatus.APPROVED, True, False, True, "cập nhật tiến độ"),
])
def test_each_state_of_a_registration(status, writer, decider, yours, says):
    step = for_registration(SimpleNamespace(status=status), writer=writer, decider=decider,
                            registration_open=True)
    assert says in step.text and step.yours is yours


def test_registration_closed_for_sending():
    step = for_registration(SimpleNamespace(status=RegistrationStatus.NOT_SENT), writer=True,
                            decider=False, registration_open=False)
    assert step.done


@pytest.mark.django_db
def test_the_registration_page_tells_the_unit_and_the_launcher_their_step(cast, client_for):
    from tests.movements.helpers import fill, make_movement, registration_of
    from tests.nominations.helpers import Flow

    dept = Flow(cast).dept
    reg = registration_of(make_movement(dept), "STP-01")
    url = reverse("movements:registration", args=[reg.pk])
    body = client_for(cast.officer_a).get(url).content.decode()
    assert "gửi lên đơn vị phát động" in body and "việc của bạn" in body
    fill(cast.officer_a, reg)
    from tdkt.movements import services

    services.submit_registration(cast.officer_a, reg)
    assert "Chờ đơn vị phát động duyệt" in client_for(dept).get(url).content.decode()
    assert "việc của bạn" in client_for(dept).get(url).content.decode()
    officer = client_for(cast.officer_a).get(url).content.decode()
    assert "Chờ đơn vị phát động duyệt" in officer and "việc của bạn" not in officer
