"""The bench result as a table of (figure, value, target) rows."""

from __future__ import annotations

from typing import Any


def _fmt(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:,.3f}".rstrip("0").rstrip(".") if abs(v) < 10 else f"{v:,.1f}"
    if isinstance(v, int):
        return f"{v:,}"
    return str(v)


def _index(d: dict[str, Any]) -> str:
    params = ", ".join(f"{k}={v}" for k, v in d.items() if k not in ("type", "ntotal"))
    return f"{d['type']}" + (f" ({params})" if params else "")


def _search_target(n: int) -> str:
    return "<= 50 ms" if n <= 100_000 else "<= 100 ms"


Row = tuple[str, str, str]


def _real_rows(res: dict[str, Any]) -> list[Row]:
    out: list[Row] = []
    if c := res.get("cold"):
        out += [("import sentence_transformers (median s)", _fmt(c["import_sentence_transformers_s"]), ""),
                ("cold `assistant ask` (median s)", f"{_fmt(c['ask_s'])} ({c['ask_ratio']}x)", "<= 1.5x"),
                ("cold UI ready, HTTP 200 (median s)", f"{_fmt(c['ui_ready_s'])} ({c['ui_ratio']}x)",
                 "<= 2x")]
    if b := res.get("build"):
        out += [(f"real corpus build ({b['units']} units + {b['sentences']} sentences)",
                 f"{_fmt(b['units_per_s'])} units/s, {_fmt(b['build_s'])} s, peak {b['peak_rss_mb']} MB", "")]
    if w := res.get("warm"):
        out += [(f"warm answer p50 / p95 ({w['questions']} questions)",
                 f"{_fmt(w['answer_ms_p50'])} / {_fmt(w['answer_ms_p95'])} ms", "p95 <= 100 ms"),
                ("  of which query embedding p50 / p95",
                 f"{_fmt(w['query_embed_ms_p50'])} / {_fmt(w['query_embed_ms_p95'])} ms", "")]
    return out


def _search_rows(res: dict[str, Any]) -> list[Row]:
    out: list[Row] = []
    for s in (res.get("search") or {}).get("sizes", []):
        n = s["units"]
        out += [(f"search {n:,} units: {_index(s['index'])}",
                 f"p50 {_fmt(s['search_ms_p50'])} / p95 {_fmt(s['search_ms_p95'])} ms, "
                 f"recall@10 {s['recall_at_10']}; 2 threads p50 {_fmt(s['search_ms_p50_2_threads'])} ms",
                 f"{_search_target(n)}, recall >= 0.95"),
                (f"  index build {n:,} units",
                 f"{_fmt(s['build_s'])} s ({_fmt(s['index_units_per_s'])} units/s), "
                 f"peak {s['build_peak_rss_mb']} MB (with load + exact check {s['peak_rss_mb']} MB)"
                 + (f"; with embedding ~{_fmt(s['estimated_full_build_s'])} s"
                    if "estimated_full_build_s" in s else ""), "")]
    return out


def _embed_load_rows(res: dict[str, Any]) -> list[Row]:
    out: list[Row] = []
    for e in res.get("embed") or []:
        env = " ".join(f"{k}={v}" for k, v in (e.get("env") or {}).items())
        label = f"embed {e['embedder']}" + (f" [{env}]" if env else "")
        value = (f"error: {e['error'][:80]}" if "error" in e else
                 f"{_fmt(e['units_per_s'])} units/s (cos to ref {e.get('cosine_to_reference')})")
        out.append((label, value, ""))
    if ld := res.get("load"):
        out.append((f"load: {ld['users']} users x {ld['seconds']:g} s, {ld['requests']} answers",
                    f"p50 {_fmt(ld['latency_ms_p50'])} / p95 {_fmt(ld['latency_ms_p95'])} ms, "
                    f"{ld['errors']} errors, {_fmt(ld['throughput_rps'])} answers/s", "p95 < 2 s, 0 errors"))
        if "server_cpu_ms_per_answer" in ld:
            out.append((f"  CPU per answer ({ld['client']} client)",
                        f"server {ld['server_cpu_ms_per_answer']} ms, load generator "
                        f"{ld['client_cpu_ms_per_answer']} ms", ""))
    return out


def rows(res: dict[str, Any]) -> list[Row]:
    return _real_rows(res) + _search_rows(res) + _embed_load_rows(res)


def table(res: dict[str, Any]) -> str:
    rs = [("figure", "value", "target"), *rows(res)]
    w0 = max(len(r[0]) for r in rs)
    w1 = max(len(r[1]) for r in rs)
    lines = [f"{a:<{w0}}  {b:<{w1}}  {c}".rstrip() for a, b, c in rs]
    lines.insert(1, "-" * min(160, w0 + w1 + 20))
    return "\n".join(lines)
