"""``boliv chart``: the organisation chart as SVG on standard output (``boliv chart > org.svg``)."""

from __future__ import annotations

import argparse
import sys
from datetime import date

from api.chart import chart_svg
from governance.values import parse_date


def add_chart_command(commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    chart = commands.add_parser("chart", parents=[common], help="the organisation chart as SVG, coloured by verdict")
    chart.add_argument("--as-of", metavar="DATE", help="ISO date of the verdicts (default: today)")
    chart.add_argument("--lang", choices=["da", "en"], default="da")
    chart.add_argument(
        "--link-base", metavar="URL", help="make each box a link to URL/bodies/<key> (e.g. http://127.0.0.1:8000)"
    )
    chart.set_defaults(run=run_chart)


def run_chart(args: argparse.Namespace) -> int:
    from boliv.cli import (
        open_governance,  # the CLI imports this module; import it back only when run
    )

    as_of = parse_date(args.as_of, "--as-of") or date.today()
    base = args.link_base.rstrip("/") if args.link_base else None
    link = (lambda key: f"{base}/bodies/{key}") if base else None
    sys.stdout.write(chart_svg(open_governance(args), as_of, args.lang, link) + "\n")
    return 0
