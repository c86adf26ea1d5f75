"""The `nianbao` command: a thin layer over pipelines/ and warehouse/.

Every command parses its options and calls one function of the packages;
no logic lives here, and the packages never import this module.
"""
from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from pipelines import errors

#: Exit codes for cron and systemd (README, docs/operator-guide.md): 0 a warehouse was published,
#: or nothing changed and the published one stands; 1 nothing could be published; 2 bad config or
#: registry; 75 (EX_TEMPFAIL) another run holds the lock and --no-wait was given.
EXIT_OK, EXIT_FAILED, EXIT_CONFIG, EXIT_LOCKED = 0, 1, 2, 75
EXIT_CODES: dict[type[errors.IngestError], int] = {
    errors.ConfigError: EXIT_CONFIG,
    errors.RegistryError: EXIT_CONFIG,
    errors.CacheOwnedByOther: EXIT_CONFIG,
    errors.Locked: EXIT_LOCKED,
    errors.SourceMissing: EXIT_FAILED,
    errors.BuildFailed: EXIT_FAILED,
    errors.CacheBusy: EXIT_FAILED,
}


def exit_code(err: BaseException) -> int:
    """The exit code of a run that raised `err` (any other error: 1, nothing published)."""
    return next((code for kind, code in EXIT_CODES.items() if isinstance(err, kind)), EXIT_FAILED)


def run_command(action: Callable[[], Any]) -> int:
    """Run an ingest, refresh or demo load: print its summary (stdout) or its error (stderr, one
    line naming the file and the cause) and return the exit code."""
    try:
        stats = action()
    except errors.IngestError as err:
        if err.stats is not None:
            for line in err.stats.lines():
                click.echo(line)
        if err.stats is None or str(err) not in err.stats.detail:
            what = f"失败 failed: nothing published ({type(err).__name__}: {err})" if exit_code(err) == EXIT_FAILED \
                else str(err)
            click.echo(f"nianbao: {what}", err=True)
        return exit_code(err)
    except Exception as err:  # noqa: BLE001 - schedulers need an exit code and a message, not a traceback
        import logging

        logging.getLogger("nianbao.ingest").exception("ingest failed")
        click.echo(f"nianbao: 失败 failed: nothing published ({type(err).__name__}: {err})", err=True)
        return EXIT_FAILED
    for line in stats.lines():
        click.echo(line)
    return EXIT_OK


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


@main.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Write the corpus only (reports/, units.csv, truth/) into DIR.")
@click.option("--units", type=int, default=None, help="Number of units (default: the demo city, about 250).")
@click.option("--years", default="2019-2025", show_default=True, help="Year range A-B.")
@click.option("--formats", default=None, help="Comma-separated renderings (default: all).")
@click.option("--seed", type=int, default=2024, show_default=True)
def demo(out: Path | None, units: int | None, years: str, formats: str | None, seed: int) -> None:
    """Generate the synthetic demo city (演示数据); without --out, build and load data/demo."""
    from pipelines.demo import build_default_demo, generate_corpus

    first, _, last = years.partition("-")
    span = (int(first), int(last or first))
    fmts = [f.strip() for f in formats.split(",")] if formats else None
    if out is not None:
        summary = generate_corpus(out, units=units, years=span, formats=fmts, seed=seed)
        click.echo(summary)
        return
    sys.exit(run_command(lambda: build_default_demo(Path("data/demo"), seed=seed)))


def _run_options(command):
    """The options ingest and refresh share: parser processes, the lock, retrying rejections."""
    command = click.option("--retry-rejected", is_flag=True, help="Parse again files rejected earlier "
                           "(e.g. after installing LibreOffice or raising a limit).")(command)
    command = click.option("--wait/--no-wait", default=False,
                           help="If another refresh holds the lock: wait, or exit at once.")(command)
    return click.option("--jobs", type=int, default=None, help="Parser processes (default: all cores).")(command)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Warehouse file (default: $NIANBAO_DB or data/warehouse.duckdb).")
@click.option("--registry", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Units registry CSV (unit_id,name,aliases,parent,kind).")
@_run_options
def ingest(paths: tuple[Path, ...], db: Path | None, registry: Path | None, jobs: int | None, wait: bool,
           retry_rejected: bool) -> None:
    """Parse report files and folders and publish them into the DuckDB warehouse."""
    from pipelines.ingest import run_ingest

    sys.exit(run_command(lambda: run_ingest(list(paths), db=db, registry=registry, jobs=jobs, wait=wait,
                                            retry_rejected=retry_rejected)))


@main.command()
@click.option("--config", type=click.Path(dir_okay=False, path_type=Path), default=Path("nianbao.toml"),
              show_default=True, help="Config listing source folders, registry and database.")
@_run_options
def refresh(config: Path, jobs: int | None, wait: bool, retry_rejected: bool) -> None:
    """Pick up new and changed reports and atomically publish a new warehouse (for cron/systemd)."""
    from pipelines.ingest import run_refresh

    sys.exit(run_command(lambda: run_refresh(config, jobs=jobs, wait=wait, retry_rejected=retry_rejected)))


@main.command()
@click.option("--parquet", "parquet_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the hive-partitioned Parquet files.")
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Warehouse file (default: $NIANBAO_DB or data/warehouse.duckdb).")
def export(parquet_dir: Path, db: Path | None) -> None:
    """Export every warehouse table as Parquet, partitioned by year."""
    from warehouse import ExportError, WarehouseMissing, export_parquet

    try:
        lines = export_parquet(parquet_dir, db=db)
    except (WarehouseMissing, ExportError) as err:
        click.echo(str(err), err=True)
        sys.exit(1)
    for line in lines:
        click.echo(line)


@main.command()
@click.argument("name", type=click.Choice(["parse", "demo", "ingest", "app", "all"]))
@click.option("-n", "n", type=int, default=None, help="Scale (reports or unit-years); default per benchmark.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Write results as JSON.")
@click.option("--workdir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where temporary corpora go (default: system temp).")
@click.option("-r", "--rendering", "renderings", multiple=True, metavar="RENDERING",
              help="bench parse: only this rendering (repeatable), e.g. -r pdf -r html.")
def bench(name: str, n: int | None, out: Path | None, workdir: Path | None, renderings: tuple[str, ...]) -> None:
    """Measure speed and memory; print a table and write JSON."""
    from pipelines.bench import main as run_bench

    if renderings:
        from pipelines.bench.parse import renderings_available

        if name != "parse":
            raise click.UsageError("-r/--rendering applies to `nianbao bench parse` only")
        unknown = [r for r in renderings if r not in renderings_available()]
        if unknown:
            raise click.UsageError(f"unknown or unavailable rendering {', '.join(unknown)}; "
                                   f"available here: {', '.join(renderings_available())}")
    run_bench(name, n=n, out=out or Path(f"data/bench/{name}.json"), workdir=workdir, renderings=renderings)


if __name__ == "__main__":  # pragma: no cover - after every command is defined
    main()
