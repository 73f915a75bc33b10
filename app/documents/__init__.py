"""The documents a Pemda signs and files, as Word (.docx) rendered from editable templates (docxtpl)."""
