"""Reading a .docx back as text (the issue check, tests)."""

from __future__ import annotations

import io


def docx_plain_text(content: bytes) -> str:
    """Every paragraph of a .docx (body, tables, headers and footers), one per line."""
    from docx import Document

    doc = Document(io.BytesIO(content))
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                lines.extend(p.text for p in cell.paragraphs)
    for section in doc.sections:
        for part in (section.header, section.footer):
            lines.extend(p.text for p in part.paragraphs)
    return "\n".join(lines)
