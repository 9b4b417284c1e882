import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from scdt.marketplace import services
from scdt.marketplace.models import Attachment

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def png_bytes(size=(20, 10)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, format="PNG")
    return buffer.getvalue()


def upload(name, data, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def test_attach_pdf_and_png_by_their_bytes(member, make):
    opportunity = make(member)
    pdf = services.add_attachment(actor=member, opportunity=opportunity, file=upload("a.bin", PDF))
    png = services.add_attachment(actor=member, opportunity=opportunity, file=upload("b", png_bytes()))
    assert (pdf.content_type, png.content_type) == ("application/pdf", "image/png")
    assert pdf.file.name.endswith(".pdf")


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("evil.pdf", b"<html><script>alert(1)</script></html>"),
        ("fake.png", b"MZ\x90\x00 an executable renamed"),
        ("broken.pdf", b"%PDF-1.4 truncated without an end"),
        ("image.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><script/></svg>"),
        ("empty.png", b""),
    ],
)
def test_attach_other_content_rejected_whatever_the_name(member, make, name, data):
    with pytest.raises(ValidationError) as exc:
        services.add_attachment(actor=member, opportunity=make(member), file=upload(name, data, "image/png"))
    assert "file" in exc.value.message_dict
    assert not Attachment.objects.exists()


def test_attach_too_large_rejected(member, make, settings):
    settings.MARKETPLACE_ATTACHMENT_MAX_BYTES = 20
    with pytest.raises(ValidationError, match="too large"):
        services.add_attachment(actor=member, opportunity=make(member), file=upload("a.png", png_bytes()))


def test_attach_at_most_five(member, make):
    opportunity = make(member)
    for index in range(5):
        services.add_attachment(actor=member, opportunity=opportunity, file=upload(f"{index}.pdf", PDF))
    with pytest.raises(ValidationError, match="at most 5"):
        services.add_attachment(actor=member, opportunity=opportunity, file=upload("6.pdf", PDF))


def test_attach_to_others_opportunity_denied(member, other_member, make):
    with pytest.raises(PermissionDenied):
        services.add_attachment(actor=other_member, opportunity=make(member), file=upload("a.pdf", PDF))


def test_attach_and_remove_through_the_page(client, member, make):
    opportunity = make(member)
    client.force_login(member)
    url = reverse("marketplace:add_attachment", args=[opportunity.slug])
    client.post(url, {"file": upload("plan.pdf", PDF)})
    attachment = Attachment.objects.get()
    assert attachment.name == "plan.pdf"
    response = client.post(url, {"file": upload("virus.pdf", b"nope")}, follow=True)
    assert "Only PDF files and images" in response.text
    client.post(reverse("marketplace:remove_attachment", args=[opportunity.slug, attachment.pk]))
    assert not Attachment.objects.exists()
