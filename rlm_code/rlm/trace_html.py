"""A trace as one self-contained HTML page: no scripts, fonts or styles from the network.

Turns, code cells and worker calls are ``<details>`` elements, so the page is collapsible
with no JavaScript at all.
"""

from __future__ import annotations

from html import escape
from typing import Any

from .trace import usage_from_dict

__all__ = ["render_html"]

_STYLE = """
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; color: #1f2328; }
h1 { font-size: 1.3rem; } .meta { color: #59636e; }
details { border: 1px solid #d1d9e0; border-radius: 6px; margin: .5rem 0; padding: .3rem .7rem; }
details.depth-1 { margin-left: 2rem; } details.depth-2 { margin-left: 4rem; }
summary { cursor: pointer; font-weight: 600; }
pre { background: #f6f8fa; padding: .6rem; overflow-x: auto; white-space: pre-wrap; }
.error { color: #cf222e; } .final { border: 2px solid #1a7f37; border-radius: 6px; padding: .7rem; }
.partial { border-color: #9a6700; } .subcall { font-weight: 400; color: #59636e; }
"""


def _pre(text: str, css: str = "") -> str:
    klass = f' class="{css}"' if css else ""
    return f"<pre{klass}>{escape(text)}</pre>"


def _usage(recorded: dict[str, Any]) -> str:
    """Tokens in (the whole prompt, cached parts included) and out, and dollars."""
    usage = usage_from_dict(recorded)
    cost = f"${usage.cost_usd:.4f}" if usage.cost_usd is not None else "unpriced"
    return f"{usage.prompt_tokens} in / {usage.output_tokens} out tokens, {cost}"


def render_html(events: list[dict[str, Any]], *, title: str = "rlm-code trace") -> str:
    """The page for a list of trace events (see :mod:`rlm_code.rlm.trace`)."""
    body: list[str] = []
    open_turn = False
    for event in events:
        kind = event["event"]
        depth = int(event.get("depth", 0))
        if kind == "start":
            body.append(f"<h1>{escape(event['question'])}</h1>")
            body.append(
                f'<p class="meta">supervisor {escape(str(event["model"]))} · worker '
                f"{escape(str(event['worker_model']))}</p>"
            )
            body.extend(f'<p class="meta">note: {escape(str(text))}</p>' for text in event.get("notes", []))
        elif kind == "sandbox":
            body.append(f'<p class="meta">sandbox: {escape(event["containment"])}</p>')
        elif kind == "turn":
            if open_turn:
                body.append("</details>")
            body.append(
                f'<details class="turn depth-{depth}" open><summary>Turn {event["iteration"]}'
                f'{" (child RLM)" if depth else ""} <span class="subcall">— prompt {event["prompt_chars"]} '
                f"chars, {_usage(event['usage'])}, {event['latency_s']:.2f}s</span></summary>"
            )
            body.append(_pre(event["response"]))
            open_turn = True
        elif kind == "cell":
            status = ' <span class="error">error</span>' if event.get("error") else ""
            parts = [_pre(event["code"]), "<p>Output:</p>", _pre(event["output"] or "(nothing printed)")]
            if event.get("error"):
                parts.append(_pre(event["error"], "error"))
            body.append(
                f'<details class="cell depth-{depth}"><summary>Code cell{status}</summary>{"".join(parts)}</details>'
            )
        elif kind == "sub_call":
            cached = " (cached)" if event.get("cached") else ""
            error = f' <span class="error">{escape(event["error"])}</span>' if event.get("error") else ""
            body.append(
                f'<details class="subcall depth-{depth}"><summary class="subcall">{escape(event["kind"])}{cached}'
                f" — {event['prompt_chars']} → {event['response_chars']} chars, {_usage(event['usage'])}, "
                f"{event['latency_s']:.2f}s{error}</summary></details>"
            )
        elif kind == "stop":
            body.append(f'<p class="error">Stopped by {escape(event["limit"])}: {escape(event["detail"])}</p>')
        elif kind == "closing_error":
            body.append(f'<p class="error">The closing call failed: {escape(str(event["error"]))}</p>')
        elif kind == "error":
            body.append(f'<p class="error">The run failed: {escape(str(event["error"]))}</p>')
        elif kind == "final":
            if open_turn:
                body.append("</details>")
                open_turn = False
            partial = " partial" if event.get("partial") else ""
            body.append(
                f'<div class="final{partial}"><h2>Answer{" (partial)" if partial else ""}</h2>'
                f'{_pre(event["answer"])}<p class="meta">{event["iterations"]} turn(s) · '
                f"{event['sub_calls']} worker call(s) · {_usage(event['usage'])} · {event['seconds']:.1f}s</p></div>"
            )
    if open_turn:
        body.append("</details>")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head>\n<body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )
