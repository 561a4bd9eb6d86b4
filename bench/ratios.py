"""The four ratios of issue 15 with their targets, from the figures of one ``make bench`` run.

Each ratio divides two things measured at the same moment (they took turns in the same
rounds), so the machine's load falls on both alike: a check against the naive evaluation
of the rule files, an explained refused change against its plain check, the full audit
against the hand-written Python floor, and pyDatalog against the audit.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Ratio:
    text: str
    wall: float
    cpu: float | None  # the same ratio in this process's CPU time, where both sides ran in it
    must: float
    aim: float
    at_least: bool = False  # a speed-up that must be high, not a cost that must be low

    def reaches(self, limit: float) -> bool:
        return self.wall >= limit if self.at_least else self.wall <= limit

    def verdict(self) -> str:
        if not self.reaches(self.must):
            return "NOT MET"
        return "MET, aim too" if self.reaches(self.aim) else "MET"


def ratios(national: dict[str, float], timings: dict[str, dict[str, float]], audit: str, floor: str) -> list[Ratio]:
    """The issue's four ratios: ``national`` from the check rounds, ``timings`` from the engines' rounds."""
    boliv, python, pydatalog = timings[audit], timings[floor], timings["pyDatalog"]
    return [
        Ratio("one-appointment check ÷ naive evaluation, in-process", national["check_p50"] / national["naive_p50"],
              national["check_cpu"] / national["naive_cpu"], 0.5, 0.25),
        Ratio("one-appointment check ÷ naive evaluation, over HTTP", national["http_p50"] / national["naive_p50"],
              None, 0.5, 0.25),
        Ratio("explaining a refused change ÷ checking it, over HTTP",
              national["explain_http_p50"] / national["refused_http_p50"], None, 1.5, 1.1),
        Ratio("full audit ÷ hand-written Python floor", boliv["national"] / python["national"],
              boliv["national CPU"] / python["national CPU"], 30, 10),
        Ratio("pyDatalog ÷ boliv audit", pydatalog["national"] / boliv["national"],
              pydatalog["national CPU"] / boliv["national CPU"], 10, 20, at_least=True),
    ]


def absolutes(national: dict[str, float], timings: dict[str, dict[str, float]], audit: str, floor: str) -> list[list[str]]:
    """The p50s (medians) the ratios divide, in ms: wall clock, and CPU time where it is this process's."""
    rows = [
        ("one-appointment check, in-process", national["check_p50"], national["check_cpu"]),
        ("one-appointment check, over HTTP", national["http_p50"], None),
        ("naive evaluation of the rule files (no facts)", national["naive_p50"], national["naive_cpu"]),
        ("refused change checked, over HTTP", national["refused_http_p50"], None),
        ("refused change explained, over HTTP", national["explain_http_p50"], None),
        ("full audit over the registers in memory", timings[audit]["national"], timings[audit]["national CPU"]),
        ("hand-written Python floor", timings[floor]["national"], timings[floor]["national CPU"]),
        ("pyDatalog", timings["pyDatalog"]["national"], timings["pyDatalog"]["national CPU"]),
    ]
    return [[text, f"{wall * 1000:.1f}", "" if cpu is None else f"{cpu * 1000:.1f}"] for text, wall, cpu in rows]


def ratio_rows(found: list[Ratio]) -> list[list[str]]:
    def limit(r: Ratio, value: float) -> str:
        return f"{'≥' if r.at_least else '≤'} {value:g}"

    return [
        [r.text, f"{r.wall:.2f}", "" if r.cpu is None else f"{r.cpu:.2f}", limit(r, r.must), limit(r, r.aim), r.verdict()]
        for r in found
    ]
