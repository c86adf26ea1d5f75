"""The `nianbao` command: a thin layer over pipelines/ and warehouse/.

Every command parses its options and calls one function of the packages;
no logic lives here, and the packages never import this module.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="nianbao")
def main() -> None:
    """nianbao（年报）: 政府信息公开工作年度报告 analytics."""


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the canonical report as one JSON object.")
def parse(file: Path, as_json: bool) -> None:
    """Parse one report file (text, HTML, PDF, Word) into canonical tables."""
    from pipelines import parse as parse_file
    from pipelines.model import ReportError
    from pipelines.summary import format_summary

    try:
        report = parse_file(file)
    except ReportError as err:
        click.echo(str(err), err=True)
        sys.exit(2)
    if as_json:
        click.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=1))
    else:
        click.echo(format_summary(report))


if __name__ == "__main__":  # pragma: no cover
    main()
