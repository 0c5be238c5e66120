"""Small documents written for the tests: a PDF with a text layer (built by hand, one page of
Helvetica text), a PDF with none (a blank page), a DOCX, and hostile inputs."""

from __future__ import annotations

import io


def text_pdf(lines: list[str], title: str = "Panel report", created: str = "20240301") -> bytes:
    ops = " ".join(f"({line}) Tj 0 -16 Td" for line in lines)
    content = f"BT /F1 11 Tf 72 720 Td {ops} ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Title ({title}) /CreationDate (D:{created}000000Z) >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{off:010d} 00000 n \n".encode() for off in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 6 0 R >>\n"
        f"startxref\n{xref}\n%%EOF\n"
    ).encode()
    return out


def blank_pdf(pages: int = 2) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=612, height=792)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def docx_bytes(paragraphs: list[str], title: str = "Case note") -> bytes:
    import docx

    document = docx.Document()
    document.core_properties.title = title
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


SCRIPTED_HTML = """<!doctype html><html><head><title>Front companies exposed</title>
<meta property="og:site_name" content="Example Wire">
<meta name="date" content="2017-03-02">
<script>document.write('ZQXSCRIPTTEXT'); fetch('https://evil.example/x')</script>
<style>body { color: red }</style></head>
<body><script>alert('ZQXSCRIPTTEXT')</script>
<nav>Home | World | ZQXNAVLINK</nav>
<article><h1>Front companies exposed</h1>
<p>Korea Ryonbong General Corporation is allegedly owned by Ocean Maritime Management, according
to investigators who examined shipping records over several months.</p>
<p>The firm denied the report. <img src=x onerror="alert('ZQXSCRIPTTEXT')"></p>
<script type="text/javascript">var x = "ZQXSCRIPTTEXT";</script>
</article></body></html>"""

ONLY_SCRIPTS_HTML = (
    "<!doctype html><html><head><script>var a = 'ZQXSCRIPTTEXT';</script></head><body>"
    + "<script>console.log('ZQXSCRIPTTEXT')</script>" * 50
    + "</body></html>"
)

BINARY = bytes(range(256)) * 40
