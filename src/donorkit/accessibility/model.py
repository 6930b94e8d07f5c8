"""One accessibility finding, the same shape for PDF and DOCX."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class Finding:
    file: Path
    rule: str  # e.g. UA-15-003 (pdfua) or DOCX-ALT (docx_rules)
    severity: str  # error, warning or info
    message: str
    where: str = ""  # page, table, picture... when the rule can say

    def __str__(self) -> str:
        where = f" ({self.where})" if self.where else ""
        return f"{self.file}: {self.severity}: {self.rule}: {self.message}{where}"

    def to_json_dict(self) -> dict[str, str]:
        return {**asdict(self), "file": str(self.file)}
