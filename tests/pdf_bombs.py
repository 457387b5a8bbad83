"""Small hostile PDFs built by hand: content streams that decompress to far more than the file
(one long string per page, or many text operators per page)."""
from __future__ import annotations

import zlib


def _pdf(streams: list[bytes]) -> bytes:
    pages = len(streams)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               f"<< /Type /Pages /Kids [{' '.join(f'{3 + 2 * i} 0 R' for i in range(pages))}] /Count {pages} >>".encode()]
    font = 3 + 2 * pages
    for i, stream in enumerate(streams):
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {4 + 2 * i} 0 R "
                       f"/Resources << /Font << /F1 {font} 0 R >> >> >>".encode())
        objects.append(f"<< /Length {len(stream)} /Filter /FlateDecode >>\nstream\n".encode() + stream + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def long_strings(pages: int, chars: int) -> bytes:
    """Each page shows one string of ``chars`` characters."""
    stream = zlib.compress(b"BT /F1 12 Tf 72 712 Td (" + b"a " * (chars // 2) + b") Tj ET", 9)
    return _pdf([stream] * pages)


def many_operators(pages: int, per_page: int) -> bytes:
    """Each page shows ``per_page`` short strings, one text operator each."""
    stream = zlib.compress(b"BT /F1 12 Tf 72 712 Td " + b"(ab cd) Tj " * per_page + b"ET", 9)
    return _pdf([stream] * pages)
