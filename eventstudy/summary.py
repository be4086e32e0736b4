"""A small summary object rendered as text, Markdown, HTML and LaTeX.

Like statsmodels' ``Summary`` but deterministic: it never prints the clock
time, so reruns are byte-identical.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from .formatting import format_cell, latex_escape

__all__ = ["Summary", "format_cell", "frame_to_markdown", "frame_to_latex"]


def _cells(df: pd.DataFrame, digits: int) -> tuple[list[str], list[list[str]]]:
    head = [str(df.index.name or "")] + [str(c) for c in df.columns]
    body = [
        [format_cell(i, digits)] + [format_cell(v, digits) for v in row]
        for i, row in zip(df.index, df.itertuples(index=False), strict=True)
    ]
    return head, body


def frame_to_text(df: pd.DataFrame, digits: int = 4) -> str:
    """Fixed-width text table."""
    head, body = _cells(df, digits)
    widths = [max(len(r[j]) for r in [head, *body]) for j in range(len(head))]

    def fmt(r):
        return "  ".join(
            c.rjust(w) if j else c.ljust(w) for j, (c, w) in enumerate(zip(r, widths, strict=True))
        )  # noqa: E731

    rule = "-" * (sum(widths) + 2 * (len(widths) - 1))
    return "\n".join([fmt(head), rule, *(fmt(r) for r in body)])


def frame_to_markdown(df: pd.DataFrame, digits: int = 4) -> str:
    """GitHub-flavoured Markdown table (no extra dependency)."""
    head, body = _cells(df, digits)
    esc = lambda s: s.replace("|", "\\|")  # noqa: E731
    lines = [
        "| " + " | ".join(esc(h) for h in head) + " |",
        "|" + "|".join("---" if j == 0 else "---:" for j in range(len(head))) + "|",
    ]
    lines += ["| " + " | ".join(esc(c) for c in r) + " |" for r in body]
    return "\n".join(lines)


def frame_to_latex(df: pd.DataFrame, digits: int = 4, caption: str | None = None) -> str:
    """booktabs ``tabular`` (inside a ``table`` when a caption is given)."""
    head, body = _cells(df, digits)
    cols = "l" + "r" * (len(head) - 1)
    lines = [
        rf"\begin{{tabular}}{{{cols}}}",
        r"\toprule",
        " & ".join(latex_escape(h) for h in head) + r" \\",
        r"\midrule",
    ]
    lines += [" & ".join(latex_escape(c) for c in r) + r" \\" for r in body]
    lines += [r"\bottomrule", r"\end{tabular}"]
    if caption:
        lines = [
            r"\begin{table}[htbp]",
            r"\centering",
            rf"\caption{{{latex_escape(caption)}}}",
            *lines,
            r"\end{table}",
        ]
    return "\n".join(lines)


@dataclass(frozen=True)
class Summary:
    """Summary of a results object: a specification block and named tables."""

    title: str
    spec: Mapping[str, str] = field(default_factory=dict)
    tables: Mapping[str, pd.DataFrame] = field(default_factory=dict)
    digits: int = 4

    def as_text(self) -> str:
        """Plain-text rendering."""
        width = max([len(self.title), *(len(k) + len(v) + 3 for k, v in self.spec.items())] + [40])
        out = [self.title.center(width), "=" * width]
        out += [f"{k + ':':<22}{v}" for k, v in self.spec.items()]
        for name, df in self.tables.items():
            out += ["", name, "=" * len(name), frame_to_text(df, self.digits)]
        return "\n".join(out)

    def as_markdown(self) -> str:
        """Markdown rendering."""
        out = [f"### {self.title}", "", "| | |", "|---|---|"]
        out += [f"| {k} | {v} |" for k, v in self.spec.items()]
        for name, df in self.tables.items():
            out += ["", f"**{name}**", "", frame_to_markdown(df, self.digits)]
        return "\n".join(out) + "\n"

    def as_latex(self) -> str:
        """LaTeX rendering (booktabs tables, one per block)."""
        spec = pd.DataFrame({"value": list(self.spec.values())}, index=pd.Index(list(self.spec), name=""))
        parts = [frame_to_latex(spec, self.digits, caption=self.title)]
        parts += [frame_to_latex(df, self.digits, caption=name) for name, df in self.tables.items()]
        return "\n\n".join(parts) + "\n"

    def as_html(self) -> str:
        """HTML rendering (used by Jupyter)."""
        rows = "".join(
            f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in self.spec.items()
        )
        parts = [f"<h4>{html.escape(self.title)}</h4><table>{rows}</table>"]
        for name, df in self.tables.items():
            head, body = _cells(df, self.digits)
            th = "".join(f"<th>{html.escape(h)}</th>" for h in head)
            tb = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in body)
            parts.append(
                f"<p><b>{html.escape(name)}</b></p><table><thead><tr>{th}</tr></thead><tbody>{tb}</tbody></table>"
            )
        return "\n".join(parts)

    def _repr_html_(self) -> str:
        return self.as_html()

    def __str__(self) -> str:
        return self.as_text()

    def __repr__(self) -> str:
        return self.as_text()
