"""Uploaded Word templates cannot run code: Jinja renders them in its sandbox.

An attacker with the template-upload right (or a stolen administrator session) tries the
classic server-side template injection payloads. Each must be refused at upload with a
Vietnamese reason, and must not run when a stored template is rendered later.
"""

import io

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tdkt.documents import services, word
from tdkt.documents.models import DocumentTemplate

pytestmark = pytest.mark.django_db
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def template_with(line: str) -> bytes:
    document = docx.Document(str(word.default_template("decision")))
    document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def shell_payload(marker) -> str:
    command = f"touch {marker}"
    return "{{ cycler.__init__.__globals__.os.popen('" + command + "').read() }}"


PAYLOADS = [
    "{{ self._TemplateReference__context }}",
    "{{ ''.__class__.__mro__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ lipsum.__globals__['os'] }}",
    "{{ joiner.__init__.__globals__ }}",
    "{{ namespace.__init__.__globals__ }}",
    "{% set x = [].__class__ %}{{ x }}",
    "{{ number.__class__.__base__ }}",
]


def test_shell_payload_is_refused_at_upload_and_never_runs(cast, client_for, tmp_path):
    marker = tmp_path / "pwned"
    response = client_for(cast.admin).post(reverse("documents:templates"), {
        "kind": "decision",
        "file": SimpleUploadedFile("mau.docx", template_with(shell_payload(marker)),
                                   content_type=DOCX),
    })
    assert not marker.exists(), "the template ran a shell command"
    assert response.status_code == 200
    assert "thuộc tính nội bộ" in response.content.decode()
    assert not DocumentTemplate.objects.exists()


@pytest.mark.parametrize("payload", PAYLOADS)
def test_introspection_payloads_fail_validation_with_a_vietnamese_reason(payload):
    with pytest.raises(ValidationError) as caught:
        services.validate_template("decision", template_with(payload))
    assert "không được phép" in caught.value.messages[0]


def test_a_stored_malicious_template_does_not_run_when_rendered(tmp_path, decision):
    """A template that reached storage before the sandbox existed is still inert."""
    marker = tmp_path / "pwned"
    source = template_with(shell_payload(marker))
    dec, _ = decision
    from tdkt.documents import contexts

    context = word.CONTEXT_BUILDERS["decision"](contexts.decision_data(dec))
    with pytest.raises(Exception):  # noqa: B017 - any failure is fine, running is not
        word.render_docx("decision", context, source)
    assert not marker.exists()


def test_huge_repetition_is_refused_instead_of_exhausting_memory():
    with pytest.raises(ValidationError) as caught:
        services.validate_template("decision", template_with("{{ 'x' * 1000000000 }}"))
    assert "không được phép" in caught.value.messages[0]


def test_ordinary_templates_still_render_fields_loops_and_filters():
    line = ("{{ number }} {% for r in recipients %}{{ loop.index }}{% endfor %} "
            "{{ issuer_name | upper }}")
    services.validate_template("decision", template_with(line))


@pytest.mark.parametrize("payload", [
    "{{ 'a'|center(300000000) }}",
    "{{ '%300000000s'|format('a') }}",
    "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
])
def test_templates_that_exhaust_time_or_memory_are_refused(payload, monkeypatch):
    monkeypatch.setattr(word, "RENDER_SECONDS", 3)
    with pytest.raises(ValidationError) as caught:
        services.validate_template("decision", template_with(payload))
    assert "quá lâu hoặc dùng quá nhiều bộ nhớ" in caught.value.messages[0]


def test_limited_rendering_gives_the_same_document_and_its_template_errors():
    source = template_with("Số {{ number }}")
    context = word.CONTEXT_BUILDERS["decision"](services.sample_data("decision"))
    rendered = word.render_docx("decision", context, source)
    lines = [p.text for p in docx.Document(io.BytesIO(rendered)).paragraphs]
    assert f"Số {context['number']}" in lines
    with pytest.raises(Exception, match="truong_khong_co"):
        word.render_docx("decision", context, template_with("{{ truong_khong_co }}"))
