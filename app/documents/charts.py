"""Bar charts as PNG images for the Word documents, drawn with Pillow (no plotting library needed)."""
import io

WIDTH = 1600
BAR = (31, 119, 180)
GRID = (210, 210, 210)
TEXT = (20, 20, 20)


def _font(size):
    from PIL import ImageFont

    return ImageFont.load_default(size=size)


def _fit(draw, text, font, width):
    """``text`` shortened with an ellipsis until it fits ``width`` pixels."""
    text = str(text)
    if draw.textlength(text, font=font) <= width:
        return text
    while text and draw.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return text + "…"


def horizontal_bars(rows, maximum=None, value_text=str):
    """A PNG of one horizontal bar per (label, value) row; ``value_text`` writes each value beside its bar."""
    from PIL import Image, ImageDraw  # imported when drawn: every command imports this module (the report registry)

    rows = [(label, value) for label, value in rows]
    height = 60 + 56 * max(len(rows), 1)
    image = Image.new("RGB", (WIDTH, height), "white")
    draw = ImageDraw.Draw(image)
    label_font, value_font = _font(26), _font(26)
    left, right, top = 560, WIDTH - 170, 30
    values = [float(value) for _label, value in rows if value is not None]
    maximum = float(maximum if maximum is not None else (max(values) if values else 1)) or 1.0
    for step in range(0, 5):
        x = left + (right - left) * step / 4
        draw.line([(x, top - 10), (x, height - 20)], fill=GRID, width=2)
    for index, (label, value) in enumerate(rows):
        y = top + index * 56
        draw.text((20, y + 8), _fit(draw, label, label_font, left - 40), fill=TEXT, font=label_font)
        if value is None:
            draw.text((left + 10, y + 8), "-", fill=TEXT, font=value_font)
            continue
        length = (right - left) * max(0.0, min(float(value), maximum)) / maximum
        draw.rectangle([left, y + 4, left + length, y + 44], fill=BAR)
        draw.text((left + length + 12, y + 8), value_text(value), fill=TEXT, font=value_font)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
