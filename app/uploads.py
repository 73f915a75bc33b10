"""Uploaded files: checked for type and size, stored outside the web root, read back only by scoped views.

Each area keeps a row per file (its own model) holding the ``stored_name``
returned here; its download view finds the row through the organisation scope
and then calls ``send_stored``. Files never sit under a static folder.
"""
import io
import os
import uuid
import warnings

from flask import current_app, send_file
from flask_babel import lazy_gettext as _l

# Extension -> (MIME type, leading bytes the file must start with, or None for text formats).
KINDS = {
    "pdf": ("application/pdf", [b"%PDF-"]),
    "jpg": ("image/jpeg", [b"\xff\xd8\xff"]),
    "jpeg": ("image/jpeg", [b"\xff\xd8\xff"]),
    "png": ("image/png", [b"\x89PNG\r\n\x1a\n"]),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", [b"PK\x03\x04"]),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", [b"PK\x03\x04"]),
    "csv": ("text/csv", None),
    "txt": ("text/plain", None),
}
DOCUMENTS = ("pdf", "jpg", "jpeg", "png", "docx", "xlsx")
IMAGES = ("jpg", "jpeg", "png")


class UploadError(ValueError):
    """The file was refused; the message says why, in the user's language."""


def extension_of(filename):
    return filename.rsplit(".", 1)[-1].lower() if "." in (filename or "") else ""


def check_upload(filename, data, allowed=DOCUMENTS, max_bytes=None):
    """Refuse a file of a type not in ``allowed``, whose content does not match its type, or too large."""
    max_bytes = max_bytes or current_app.config["MAX_CONTENT_LENGTH"]
    ext = extension_of(filename)
    if ext not in allowed or ext not in KINDS:
        raise UploadError(str(_l("Jenis berkas .%(ext)s tidak diizinkan. Yang diizinkan: %(allowed)s.",
                                 ext=ext or "?", allowed=", ".join(allowed))))
    if not data:
        raise UploadError(str(_l("Berkas kosong.")))
    if len(data) > max_bytes:
        raise UploadError(str(_l("Berkas terlalu besar (%(size)s MB); batasnya %(limit)s MB.",
                                 size=round(len(data) / 1048576, 1), limit=round(max_bytes / 1048576, 1))))
    signatures = KINDS[ext][1]
    if signatures is not None and not any(data.startswith(sig) for sig in signatures):
        raise UploadError(str(_l("Isi berkas tidak sesuai dengan jenisnya (.%(ext)s).", ext=ext)))
    if ext in IMAGES:
        check_image_pixels(data)
    return KINDS[ext][0]


def check_image_pixels(data):
    """Refuse an image with more pixels than IMAGE_MAX_MEGAPIXELS, reading only its header (nothing is decoded).

    A small PNG can declare 12600x12600 pixels and take 2 GB to decode; Pillow's own guard starts at ~178 MP.
    """
    from PIL import Image, UnidentifiedImageError

    limit_mp = current_app.config.get("IMAGE_MAX_MEGAPIXELS", 40)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
    except Image.DecompressionBombError:  # over twice Pillow's own limit: its size is not even reported
        width = height = None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise UploadError(str(_l("Berkas gambar rusak atau tidak dapat dibaca.")))
    if width is None or width * height > limit_mp * 1_000_000:
        size = f"{width}×{height}" if width else "≥" + f"{2 * Image.MAX_IMAGE_PIXELS:,}".replace(",", ".")
        raise UploadError(str(_l(
            "Gambar %(size)s piksel melebihi batas %(limit)s megapiksel; perkecil gambar lalu unggah lagi.",
            size=size, limit=limit_mp)))
    return width, height


def store(area, filename, data, allowed=DOCUMENTS, max_bytes=None):
    """Check and save an upload under UPLOAD_FOLDER/<area>/; returns (stored_name, mime type, size)."""
    mime = check_upload(filename, data, allowed, max_bytes)
    folder = os.path.join(current_app.config["UPLOAD_FOLDER"], area)
    os.makedirs(folder, exist_ok=True)
    stored_name = f"{area}/{uuid.uuid4().hex}.{extension_of(filename)}"
    with open(os.path.join(current_app.config["UPLOAD_FOLDER"], stored_name), "wb") as handle:
        handle.write(data)
    return stored_name, mime, len(data)


def path_of(stored_name):
    root = os.path.realpath(current_app.config["UPLOAD_FOLDER"])
    path = os.path.realpath(os.path.join(root, stored_name))
    if not path.startswith(root + os.sep):
        raise UploadError("invalid stored name")
    return path


def remove(stored_name):
    try:
        os.remove(path_of(stored_name))
    except FileNotFoundError:
        pass


def send_stored(stored_name, download_name, mime):
    """The response for a stored file; call only after the row was found through the scope."""
    return send_file(path_of(stored_name), mimetype=mime, as_attachment=True, download_name=download_name)
