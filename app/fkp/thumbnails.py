"""Thumbnails of FKP photos, made with Pillow when the photo is uploaded."""
import io

from flask_babel import gettext as _

from app.uploads import UploadError, check_image_pixels

THUMBNAIL_SIZE = (320, 320)


def make_thumbnail(data, size=THUMBNAIL_SIZE):
    """A JPEG thumbnail of the image ``data`` (turned upright per EXIF); UploadError if it is not a readable image."""
    from PIL import Image, ImageOps, UnidentifiedImageError  # here: the commands importing this module draw nothing

    check_image_pixels(data)
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            image = ImageOps.exif_transpose(image)
            image.thumbnail(size)
            if image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            out = io.BytesIO()
            image.save(out, format="JPEG", quality=80)
            return out.getvalue()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError, SyntaxError):
        raise UploadError(_("Berkas gambar rusak atau tidak dapat dibaca."))
