"""QR codes of the public survey page, made by the app itself (segno): SVG for the poster, PNG for print."""
import io

import segno


def qr_svg(url, scale=8):
    """The QR code of ``url`` as inline SVG markup (no XML declaration)."""
    return segno.make(url, error="m").svg_inline(scale=scale, border=2, omitsize=True)


def qr_png(url, scale=12):
    """The QR code of ``url`` as PNG bytes."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()
