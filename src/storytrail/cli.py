"""The `storytrail` command: thin wrappers over the library. Data on stdout, progress and logs on stderr."""

from __future__ import annotations

import importlib.util
import json
import logging
import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from storytrail.article.nlp import DEFAULT_BATCH_SIZE, DEFAULT_MODEL
from storytrail.errors import InputError, MetadataProblem, ModelNotInstalled, StoreError
from storytrail.ingest.readers import DATE_ORDERS, DEFAULT_DATE_ORDER, DEFAULT_MAX_BYTES, IngestOptions, is_url, load_aliases, load_metadata
from storytrail.names import name_key
from storytrail.store import DEFAULT_DB, Store

app = typer.Typer(
    help="storytrail: who said what, who reported it, how it changed on the way.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
err = Console(stderr=True, markup=False)  # what it prints names files and links: markup only where asked for, escaped

DbOption = Annotated[Path, typer.Option("--db", help="The SQLite store.")]


@app.callback()
def main(verbose: Annotated[int, typer.Option("-v", "--verbose", count=True, help="-v for progress logs, -vv for debug.")] = 0) -> None:
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")


def require_gold(seeds: Path) -> None:
    if not (seeds / "gold.json").is_file():
        raise fail(f"{seeds}: no gold.json there. Pass the seeds folder (for example ../shared/corpus/seeds).")


def require_newswcl_gold(folder: Path, gold: str) -> None:
    if not (folder / gold).is_file():
        raise fail(f"{folder}: no {gold} there. Pass the newswcl50-dev folder (for example ../shared/data/newswcl50-dev).")


def fail(message: str, code: int = 2) -> typer.Exit:
    # the message names files and extras ("storytrail[web]"): escaped, so nothing in it is read as markup
    err.print(f"[red]error:[/red] {escape(message)}", highlight=False, markup=True)
    return typer.Exit(code)


def require_extra(extra: str, *modules: str) -> None:
    """The web explorer, the report, Dask runs and graph exports live in extras (pyproject.toml):
    a command that needs a missing one says which to install instead of raising ImportError."""
    missing = [m for m in modules if importlib.util.find_spec(m) is None]
    if missing:
        raise fail(f"this command needs {', '.join(missing)}, which `pip install 'storytrail[{extra}]'` installs.")


@app.command()
def analyze(
    paths: Annotated[list[str], typer.Argument(help="Files, folders (searched recursively) or http(s) URLs of articles and feeds.")],
    db: DbOption = Path(DEFAULT_DB),
    metadata: Annotated[
        Path | None,
        typer.Option(
            "--metadata",
            help="CSV or JSONL, one row per article keyed by its id (id, doc, doc_id, article_id, uid): title (headline), outlet (source, site, "
            "sitename, publisher), author (authors, byline), url (link), published (date, publication_date, published_at, pubdate), updated "
            "(modified). Rows that match no article, and articles with no row, are reported.",
        ),
    ] = None,
    model: Annotated[str, typer.Option("--model", help="Name of an installed spaCy pipeline.")] = DEFAULT_MODEL,
    max_bytes: Annotated[int, typer.Option("--max-bytes", help="Skip files larger than this.")] = DEFAULT_MAX_BYTES,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Articles parsed and stored per batch.")] = DEFAULT_BATCH_SIZE,
    stance: Annotated[bool, typer.Option("--stance/--no-stance", help="Score stance (the slowest stage: about the parse's cost again).")] = True,
    overlap: Annotated[bool, typer.Option("--overlap/--no-overlap", help="Parse in a second thread while the encoders run (two cores, same results).")] = True,
    workers: Annotated[int, typer.Option("--workers", help="Run on a local Dask cluster of N worker processes (0: in this process).")] = 0,
    scheduler: Annotated[str | None, typer.Option("--scheduler", help="Run on an existing Dask scheduler, e.g. tcp://10.0.0.5:8786.")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Parquet dataset a Dask run writes (default: DB name + .parquet).")] = None,
    replace: Annotated[bool, typer.Option("--replace", help="Let an article replace a stored one of the same id from another file or URL.")] = False,
    aliases: Annotated[
        Path | None,
        typer.Option("--aliases", help="CSV or JSONL of entity names and the aliases each goes by (name,aliases with | between aliases): "
                     "they become one entity under that name, kept as corrections in the store (see `storytrail entities`)."),
    ] = None,
    date_order: Annotated[str, typer.Option("--date-order", help="A numeric date (metadata, dateline) like 04/05/2018 read as MDY, DMY or YMD (each is reported).")] = DEFAULT_DATE_ORDER,
) -> None:
    """Read articles, find quotes, speakers and entities, and store them.

    Example: storytrail analyze examples/seeds --db story.db --metadata examples/seeds-metadata.csv
    On Dask: storytrail analyze corpus/ --db story.db --workers 2 --out story.parquet
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from storytrail.article.registry import ARTICLE_STAGES, FAST_STAGES
    from storytrail.pipeline import run

    for path in paths:
        if not is_url(path) and not Path(path).exists():
            raise fail(f"{path}: no such file or folder. Check the path.")
    if date_order not in DATE_ORDERS:
        raise fail(f"--date-order {date_order!r} is not known. Choose one of: {', '.join(DATE_ORDERS)}.")
    options = IngestOptions(max_bytes=max_bytes, date_order=date_order)
    if metadata is not None:
        try:
            options.metadata = load_metadata(metadata)
            options.metadata_file = str(metadata)
        except InputError as error:
            raise fail(str(error)) from None
    try:
        groups = load_aliases(aliases) if aliases is not None else []
    except InputError as error:
        raise fail(str(error)) from None
    try:
        store = Store(db)
        for name, listed in groups:
            # the group's entities join the first alias's, which then takes the name: applied after every run;
            # so does an entity already under the name ("Jews" of "Jews,Jewish|Jew"), where there is one
            for alias in listed[1:]:
                store.keep_correction("merge", alias, listed[0])
            if name_key(name) != name_key(listed[0]):
                store.keep_correction("merge", name, listed[0])
            store.keep_correction("rename", listed[0], name)
    except StoreError as error:
        raise fail(str(error)) from None

    def report(error: InputError) -> None:
        # file names, links and ids are untrusted: escaped, never read as markup
        label = "metadata" if isinstance(error, MetadataProblem) else "skipped"
        err.print(f"[yellow]{label}[/yellow] {escape(str(error))}", highlight=False, markup=True, soft_wrap=True)

    with store, Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=err, transient=True, disable=not err.is_terminal,
    ) as progress:
        task = progress.add_task("reading articles", total=None)
        common = dict(
            model=model, options=options, batch_size=batch_size, on_error=report,
            on_article=lambda article: progress.advance(task), stages=ARTICLE_STAGES if stance else FAST_STAGES,
        )
        try:
            if workers or scheduler:
                require_extra("dask", "distributed", "dask")
                from storytrail.distributed import run_distributed

                dataset = out or Path(f"{db}.parquet")
                summary = run_distributed(paths, store, dataset, workers=workers or 2, scheduler=scheduler, replace=replace, **common)
            else:
                summary = run(paths, store, overlap=overlap, replace=replace, **common)
        except (ModelNotInstalled, StoreError) as error:
            raise fail(str(error)) from None
        counts = store.counts()
    typer.echo(
        f"{summary.analyzed} articles analysed, {summary.unchanged} unchanged, {summary.failed} failed"
        + (f", {len(summary.metadata_problems)} metadata problems" if summary.metadata_problems else "")
        + "; "
        f"{summary.quotes} quotes found. Store {db}: {counts['articles']} articles, {counts['quotes']} quotes, "
        f"{counts['entities']} entities."
    )
    if summary.failed:
        raise typer.Exit(1)


@app.command()
def watch(
    feeds: Annotated[list[str], typer.Argument(help="http(s) URLs of RSS or Atom feeds (or of pages) to follow.")],
    db: DbOption = Path(DEFAULT_DB),
    every: Annotated[str, typer.Option("--every", help="Time between polls: 15m, 30s, 1h, or seconds.")] = "15m",
    jsonl: Annotated[Path | None, typer.Option("--jsonl", help="Also append each poll's news to this file, one JSON object per line.")] = None,
    polls: Annotated[int, typer.Option("--polls", min=0, help="Stop after this many polls (0: until Ctrl-C or SIGTERM).")] = 0,
    model: Annotated[str, typer.Option("--model", help="Name of an installed spaCy pipeline.")] = DEFAULT_MODEL,
    stance: Annotated[bool, typer.Option("--stance/--no-stance", help="Score stance (the slowest stage: about the parse's cost again).")] = True,
    interval: Annotated[float, typer.Option("--fetch-interval", min=0.0, help="Seconds between two requests to one host.")] = 1.0,
) -> None:
    """Follow feeds as a story unfolds: poll them, analyse new articles, print what is new.

    Each poll sends conditional requests (ETag, Last-Modified), waits out a host's Retry-After,
    and prints the new articles, new quotes by speaker, trails that grew, new drift and new
    findings. Ctrl-C or SIGTERM stops it; everything stored by then is kept.

    Example: storytrail watch https://example.org/feed.xml --db story.db --every 15m --jsonl news.jsonl
    """
    import signal
    import time

    from storytrail.article.registry import ARTICLE_STAGES, FAST_STAGES
    from storytrail.watch import Watcher, interval_seconds

    for feed in feeds:
        if not is_url(feed):
            raise fail(f"{feed}: not an http(s) URL. watch follows feeds on the web; analyse files with `storytrail analyze`.")
    try:
        seconds = interval_seconds(every)
    except ValueError:
        raise fail(f"--every {every!r} is not a time. Write it as 15m, 30s, 1h or a number of seconds.") from None

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)  # as Ctrl-C: the batch being written rolls back, the rest is kept
    try:
        store = Store(db)
    except StoreError as error:
        raise fail(str(error)) from None
    options = IngestOptions(fetch_interval=interval)
    done = 0
    with store:
        watcher = Watcher(store, feeds, options, model=model, stages=ARTICLE_STAGES if stance else FAST_STAGES)
        try:
            while True:
                try:
                    news = watcher.poll()
                except (ModelNotInstalled, StoreError) as error:
                    raise fail(str(error)) from None
                for line in news.lines():
                    typer.echo(line)
                if jsonl is not None:
                    with jsonl.open("a", encoding="utf-8") as out:
                        for event in news.events():
                            out.write(json.dumps(event, ensure_ascii=False) + "\n")
                done += 1
                if polls and done >= polls:
                    break
                time.sleep(seconds)
        except KeyboardInterrupt:
            err.print(f"stopped after {done} poll{'s' if done != 1 else ''}; everything stored in {db} is kept.")


@app.command()
def load(
    dataset: Annotated[Path, typer.Argument(help="The Parquet dataset a Dask run wrote (its --out folder).")],
    db: DbOption = Path(DEFAULT_DB),
) -> None:
    """Load a distributed run's Parquet dataset into the store and run the corpus stages.

    Example: storytrail load story.parquet --db story.db
    """
    require_extra("dask", "distributed", "dask")
    from storytrail.distributed import load_parts

    if not (dataset / "articles").is_dir():
        raise fail(f"{dataset}: no articles/ folder of Parquet parts. Pass the --out folder of `storytrail analyze --workers`.")
    try:
        with Store(db) as store:
            loaded = load_parts(dataset, store)
            counts = store.counts()
    except StoreError as error:
        raise fail(str(error)) from None
    typer.echo(f"{loaded} articles loaded. Store {db}: {counts['articles']} articles, {counts['quotes']} quotes, {counts['entities']} entities.")


@app.command()
def export(
    what: Annotated[str, typer.Option("--what", help="articles, quotes, entities, stance, trails or findings.")],
    fmt: Annotated[str, typer.Option("--format", help="jsonl, csv, parquet, or graphml (entities, trails).")] = "jsonl",
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Output file (stdout when absent; required for parquet).")] = None,
    db: DbOption = Path(DEFAULT_DB),
) -> None:
    """Export what the store holds, following the export contract.

    Example: storytrail export --db story.db --what quotes --format jsonl > quotes.jsonl
    """
    from storytrail.export import FORMATS
    from storytrail.export import export as run_export
    from storytrail.records import WHATS

    if what not in WHATS:
        raise fail(f"--what {what!r} is not known. Choose one of: {', '.join(WHATS)}.")
    if fmt not in FORMATS:
        raise fail(f"--format {fmt!r} is not known. Choose one of: {', '.join(FORMATS)}.")
    if fmt in ("parquet", "graphml") and output is None:
        raise fail(f"{fmt} needs a file: pass -o FILE.")
    if fmt == "graphml" and what not in ("entities", "trails"):
        raise fail("graphml is for --what entities (co-mention graph) or --what trails (each trail's path).")
    if fmt == "graphml":
        require_extra("graph", "networkx")
    try:
        with Store(db, readonly=True) as store:
            count = run_export(store, what, fmt, output)
    except StoreError as error:
        raise fail(str(error)) from None
    except BrokenPipeError:
        # the reader stopped early (`| head`): what it read is complete; say nothing more
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(0) from None
    err.print(f"{count} {'nodes of the ' + what + ' graph' if fmt == 'graphml' else what} exported", highlight=False)


@app.command()
def report(
    db: DbOption = Path(DEFAULT_DB),
    output: Annotated[Path, typer.Option("-o", "--output", help="The HTML file to write.")] = Path("report.html"),
    title: Annotated[str, typer.Option("--title", help="The report's title.")] = "storytrail report",
) -> None:
    """Write the whole store as one self-contained HTML file (opens with no network).

    Example: storytrail report --db story.db -o report.html
    """
    require_extra("web", "jinja2", "plotly")
    from storytrail.web.report import build_report

    try:
        with Store(db, readonly=True) as store:
            size = build_report(store, output, title=title)
    except StoreError as error:
        raise fail(str(error)) from None
    except OSError as error:
        raise fail(f"{output}: cannot write the report ({error.strerror}). Pass another -o path.") from None
    err.print(f"report written to {output} ({size / 1e6:.1f} MB)", highlight=False)


@app.command()
def serve(
    db: DbOption = Path(DEFAULT_DB),
    host: Annotated[str, typer.Option("--host", help="Address to bind; 127.0.0.1 keeps the explorer on this machine.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
) -> None:
    """Browse the store in a local web explorer: pages, search, filters and a JSON API under /api.

    Example: storytrail serve --db story.db --port 8000   (then open http://127.0.0.1:8000)
    """
    require_extra("web", "fastapi", "uvicorn", "jinja2")
    import uvicorn

    from storytrail.web.explorer import create_app

    try:
        application = create_app(db)
    except StoreError as error:
        raise fail(str(error)) from None
    err.print(f"storytrail explorer on http://{host}:{port} (Ctrl-C stops it)", highlight=False)
    uvicorn.run(application, host=host, port=port, log_level="warning")


@app.command()
def stats(db: DbOption = Path(DEFAULT_DB), as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """Print what the store holds: counts, and the most quoted speakers.

    Example: storytrail stats --db story.db
    """
    try:
        with Store(db, readonly=True) as store:
            counts = store.counts()
            speakers = store.top_speakers(10)
    except StoreError as error:
        raise fail(str(error)) from None
    if as_json:
        typer.echo(json.dumps({**counts, "top_speakers": speakers}))
        return
    for table, count in counts.items():
        typer.echo(f"{table:10} {count}")
    if speakers:
        typer.echo("most quoted:")
        for name, count in speakers:
            typer.echo(f"  {count:4}  {name}")


@app.command()
def trails(
    db: DbOption = Path(DEFAULT_DB),
    min_size: Annotated[int, typer.Option("--min-size", help="Show trails with at least this many members.")] = 2,
) -> None:
    """Print the trails, widest spread first (most sources, then most members): each quote or
    claim across articles, first appearance first, with its drift.

    Example: storytrail trails --db story.db --min-size 3
    """
    from storytrail.records import by_spread, tied_sources

    try:
        with Store(db, readonly=True) as store:
            sources = store.source_labels()
            records = by_spread([t for t in store.trails() if len(t.members) >= min_size], sources)
    except StoreError as error:
        raise fail(str(error)) from None
    for trail in records:
        kinds = sorted({d.kind for d in trail.drift})
        outlets = len({sources.get(m.doc, m.doc) for m in trail.members})
        typer.echo(f"trail {trail.id}  ({len(trail.members)} members from {outlets} source{'s' if outlets != 1 else ''}; drift: {', '.join(kinds) or 'none'})")
        if trail.first_tied:
            # the dates cannot say which came first: no outlet order stands in for them
            when = "undated" if trail.members[0].published is None else f"on {trail.members[0].published[:10]}"
            typer.echo(f"  first appearance tied, {when}: {tied_sources(trail, sources)}")
        for member in trail.members:
            source = sources.get(member.doc, member.doc)
            typer.echo(f"  {member.published or 'date unknown':16} {source} | {member.speaker or '-'} | {member.text[:70]}")  # names are never cut
    typer.echo(f"{len(records)} trails")


entities_app = typer.Typer(
    help="List the entities, and correct them: merge two, split a name out of one, rename one. Corrections are kept in the store "
    "and applied again after every later run.",
    no_args_is_help=True, rich_markup_mode=None,
)
app.add_typer(entities_app, name="entities")


def correct(db: Path, action: str, name: str, other: str | None = None) -> None:
    """Record a correction, apply it with the corpus stages (trails and findings take the new
    names), and say what it changed."""
    from storytrail.pipeline import run_corpus_stages

    try:
        with Store(db) as store:
            before = {e.id: e.name for e in store.entities().values()}
            correction = store.add_correction(action, name, other)
            unmatched = run_corpus_stages(store)
            if correction in unmatched:
                store.remove_correction(correction.id)
                named = [name, other] if action == "merge" and other else [name]
                raise fail(f"no entity goes by {' or '.join(f'“{n}”' for n in named)}. `storytrail entities list` shows their names.")
            after = {e.id: e.name for e in store.entities().values()}
    except StoreError as error:
        raise fail(str(error)) from None
    typer.echo(f"correction {correction.id}: {correction.describe()}")
    gone = [before[entity] for entity in sorted(set(before) - set(after))]
    changed = [f"{after[e]}" + (f" (was {before[e]})" if e in before else " (new)") for e in sorted(after) if before.get(e) != after[e]]
    for name_ in gone:
        typer.echo(f"  - {name_} (merged away)")
    for line in changed:
        typer.echo(f"  + {line}")
    if not gone and not changed:
        typer.echo("  no change: the entities are already so. It is kept, and applied after every later run.")


@entities_app.command("list")
def entities_list(
    db: DbOption = Path(DEFAULT_DB),
    text: Annotated[str, typer.Option("--name", help="Only entities whose name contains this.")] = "",
) -> None:
    """Print every entity with its type and mentions, most mentioned first, then the corrections made.

    Example: storytrail entities list --db story.db --name Comey
    """
    try:
        with Store(db, readonly=True) as store:
            listed = [(r["name"], r["type"], r["mentions"]) for r in store.entity_counts(text)]
            corrections = store.corrections()
    except StoreError as error:
        raise fail(str(error)) from None
    for name, type_, mentions in listed:
        typer.echo(f"{mentions:5}  {type_:6}  {name}")
    if corrections:
        typer.echo("corrections:")
        for correction in corrections:
            typer.echo(f"  {correction.id}: {correction.describe()}")


@entities_app.command("merge")
def entities_merge(
    name: Annotated[str, typer.Argument(help="A name of the entity that goes.")],
    into: Annotated[str, typer.Argument(help="A name of the entity it joins.")],
    db: DbOption = Path(DEFAULT_DB),
) -> None:
    """Merge one entity into another: storytrail entities merge "James B. Comey" "James Comey" --db story.db"""
    correct(db, "merge", name, into)


@entities_app.command("split")
def entities_split(
    name: Annotated[str, typer.Argument(help="The name whose mentions leave the entity that holds them.")],
    db: DbOption = Path(DEFAULT_DB),
) -> None:
    """Give a name its own entity: storytrail entities split "Melania Trump" --db story.db"""
    correct(db, "split", name)


@entities_app.command("rename")
def entities_rename(
    name: Annotated[str, typer.Argument(help="A name of the entity.")],
    new_name: Annotated[str, typer.Argument(help="The name it is shown under from now on.")],
    db: DbOption = Path(DEFAULT_DB),
) -> None:
    """Rename an entity: storytrail entities rename "Comey Memos Show" "James Comey" --db story.db"""
    correct(db, "rename", name, new_name)


@entities_app.command("forget")
def entities_forget(
    correction_id: Annotated[int, typer.Argument(help="The correction's number, as `entities list` shows it.")],
    db: DbOption = Path(DEFAULT_DB),
) -> None:
    """Forget a correction. What it merged stays merged until the articles are analysed again."""
    try:
        with Store(db) as store:
            removed = store.remove_correction(correction_id)
    except StoreError as error:
        raise fail(str(error)) from None
    if not removed:
        raise fail(f"there is no correction {correction_id}. `storytrail entities list` shows them.")
    typer.echo(f"correction {correction_id} forgotten.")


eval_app = typer.Typer(help="Measure quality against annotated data.", no_args_is_help=True, rich_markup_mode=None)
app.add_typer(eval_app, name="eval")


@eval_app.command("quotes")
def eval_quotes(
    brat: Annotated[Path | None, typer.Option("--brat", help="A PolNeAR compartment: text/ and attributions/.")] = None,
    seeds: Annotated[Path | None, typer.Option("--seeds", help="A folder of .txt articles with gold.json.")] = None,
    cofenet: Annotated[
        Path | None,
        typer.Option("--cofenet", help="PolNeAR dev as sentence-level BIO (valid.txt): exact content, source and cue spans; --brat gives the articles."),
    ] = None,
    model: Annotated[str, typer.Option("--model", help="Name of an installed spaCy pipeline.")] = DEFAULT_MODEL,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Precision, recall and F1 of quotes and speakers (token Dice >= 0.5, one-to-one); with
    --cofenet, of exact content, source and cue spans per sentence.

    Example: storytrail eval quotes --brat ../shared/data/polnear/data/dev
    Example: storytrail eval quotes --brat ../shared/data/polnear/data/dev --cofenet ../shared/data/polnear-cofenet-sentences/valid.txt
    """
    from storytrail.evaluation.quotes import evaluate_brat, evaluate_seeds, format_report
    from storytrail.evaluation.spans import evaluate_sentence_spans, format_span_report

    if (brat is None) == (seeds is None):
        raise fail("Pass exactly one of --brat DIR or --seeds DIR.")
    folder = brat or seeds
    if not folder.is_dir():
        raise fail(f"{folder}: no such folder.")
    if cofenet is not None and brat is None:
        raise fail("--cofenet needs --brat: the PolNeAR compartment whose articles its sentences come from (data/dev for valid.txt).")
    if cofenet is not None and not cofenet.is_file():
        raise fail(f"{cofenet}: no such file.")
    try:
        if cofenet is not None and brat is not None:
            result = evaluate_sentence_spans(cofenet, brat, model)
            report = format_span_report
        else:
            result = evaluate_brat(folder, model) if brat else evaluate_seeds(folder, model)
            report = format_report
    except ModelNotInstalled as error:
        raise fail(str(error)) from None
    except FileNotFoundError as error:
        raise fail(str(error)) from None
    typer.echo(json.dumps(result, indent=1) if as_json else report(result))


@eval_app.command("entities")
def eval_entities(
    ecbplus: Annotated[Path | None, typer.Option("--ecbplus", help="Folder with ECB_{NAME}_corpus.txt and ECB_{NAME}_Entity_gold_mentions.json.")] = None,
    split: Annotated[str, typer.Option("--split", help="Dev or Train (the NAME in the file names).")] = "Dev",
    seeds: Annotated[Path | None, typer.Option("--seeds", help="A folder of .txt articles with gold.json (entities).")] = None,
    newswcl: Annotated[Path | None, typer.Option("--newswcl", help="The newswcl50-dev folder: raw/, metadata.csv and entities_gold.json.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    out: Annotated[Path | None, typer.Option("--out", help="Write one line per gold mention with its predicted cluster.")] = None,
) -> None:
    """Cross-document entity coreference on ECB+ gold mentions: CoNLL F1 (MUC, B3, CEAF-e) and LEA;
    with --seeds, whether each gold entity named in several seed articles is one entity; with
    --newswcl, the people of real multi-outlet coverage (B3, coverage, the wrong merges).

    Example: storytrail eval entities --ecbplus ../shared/data/ecbplus --split Dev
    """
    from storytrail.evaluation.entities import (
        evaluate_ecbplus,
        evaluate_newswcl_entities,
        evaluate_seed_entities,
        format_newswcl_report,
        format_report,
        format_seed_report,
    )

    if sum(x is not None for x in (ecbplus, seeds, newswcl)) != 1:
        raise fail("Pass exactly one of --ecbplus DIR, --seeds DIR or --newswcl DIR.")
    if newswcl is not None:
        require_newswcl_gold(newswcl, "entities_gold.json")
        found = evaluate_newswcl_entities(newswcl)
        typer.echo(json.dumps(found) if as_json else format_newswcl_report(found))
        return
    if seeds is not None:
        require_gold(seeds)
        found = evaluate_seed_entities(seeds)
        typer.echo(json.dumps(found) if as_json else format_seed_report(found))
        return
    if not (ecbplus / f"ECB_{split}_Entity_gold_mentions.json").exists():
        raise fail(f"{ecbplus}: no ECB_{split}_Entity_gold_mentions.json there. Pass the ECB+ folder and a split it holds.")
    if not (ecbplus / f"ECB_{split}_corpus.txt").exists():
        typer.echo(f"{ecbplus}: no ECB_{split}_corpus.txt there, so descriptions are joined by the sieves only (the learned join reads each mention's sentence from it).", err=True)
    result = evaluate_ecbplus(ecbplus, split, out)
    typer.echo(json.dumps(result) if as_json else format_report(result))


@eval_app.command("stance")
def eval_stance(
    newsmtsc: Annotated[Path | None, typer.Option("--newsmtsc", help="A NewsMTSC-format JSONL file.")] = None,
    seeds: Annotated[Path | None, typer.Option("--seeds", help="A folder of .txt articles with gold.json (stance_toward).")] = None,
    newswcl: Annotated[Path | None, typer.Option("--newswcl", help="The newswcl50-dev folder: raw/, metadata.csv and stance_gold.json.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    out: Annotated[Path | None, typer.Option("--out", help="Write {primary_gid, from, to, label} per target.")] = None,
) -> None:
    """Sentiment toward a target (macro-F1, accuracy); agreement with the seeds' stance_toward; or,
    with --newswcl, each article's own stance toward its main actors on real coverage.

    Example: storytrail eval stance --newsmtsc ../shared/data/newsmtsc/dev-rw.jsonl
    """
    from storytrail.evaluation.stance import evaluate_newsmtsc, evaluate_newswcl_stance, evaluate_seeds_stance, format_newswcl_report

    if sum(x is not None for x in (newsmtsc, seeds, newswcl)) != 1:
        raise fail("Pass exactly one of --newsmtsc FILE, --seeds DIR or --newswcl DIR.")
    if newswcl is not None:
        require_newswcl_gold(newswcl, "stance_gold.json")
        found = evaluate_newswcl_stance(newswcl)
        typer.echo(json.dumps(found) if as_json else format_newswcl_report(found))
        return
    if seeds is not None:
        require_gold(seeds)
        found = evaluate_seeds_stance(seeds)
        if as_json:
            typer.echo(json.dumps(found))
            return
        for pair in found["pairs"]:
            mark = "ok " if pair["gold"] == pair["predicted"] else "   "
            typer.echo(f"{mark} {pair['doc']}  {pair['entity']:20} gold {pair['gold']:9} predicted {pair['predicted']}")
        typer.echo(f"agreement {found['agree']}/{len(found['pairs'])}")
        return
    if not newsmtsc.is_file():
        raise fail(f"{newsmtsc}: no such file. Pass a NewsMTSC .jsonl file.")
    result = evaluate_newsmtsc(newsmtsc, out)
    typer.echo(json.dumps(result) if as_json else f"macro-F1 {result['macro_f1']:.4f}  accuracy {result['accuracy']:.4f}  (n={result['n']})")


@eval_app.command("trails")
def eval_trails(
    seeds: Annotated[Path | None, typer.Option("--seeds", help="A folder of .txt articles with gold.json (quote_families).")] = None,
    newswcl: Annotated[Path | None, typer.Option("--newswcl", help="The newswcl50-dev folder: raw/, metadata.csv and trails_gold.json.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Pairwise precision and recall of trails against gold families of the same statement.

    Example: storytrail eval trails --seeds ../shared/corpus/seeds
    Example: storytrail eval trails --newswcl ../shared/data/newswcl50-dev
    """
    from storytrail.evaluation.trails import evaluate_newswcl_trails, evaluate_seed_trails

    if (seeds is None) == (newswcl is None):
        raise fail("Pass exactly one of --seeds DIR or --newswcl DIR.")
    if newswcl is not None:
        require_newswcl_gold(newswcl, "trails_gold.json")
        found = evaluate_newswcl_trails(newswcl)
        if as_json:
            typer.echo(json.dumps(found))
            return
        drift = "  ".join(f"{kind} {p:.3f} (of {found['drift_count'][kind]})" for kind, p in found["drift_precision"].items())
        typer.echo(
            f"pair precision {found['pair_precision']:.3f}  recall {found['pair_recall']:.3f}  "
            f"({found['predicted_pairs']} predicted cross-article pairs, {found['gold_pairs']} gold; {found['trails']} trails, the largest {found['largest_trail']})"
        )
        typer.echo(f"drift precision: {drift}")
        return
    assert seeds is not None
    require_gold(seeds)
    result = evaluate_seed_trails(seeds)
    if as_json:
        typer.echo(json.dumps(result))
        return
    typer.echo(
        f"pair precision {result['pair_precision']:.3f}  recall {result['pair_recall']:.3f}  "
        f"({result['trails']} trails; rich_vote meaning drift: {result['rich_vote_meaning_drift']})"
    )
    for text in result["outside_family_in_trails"]:
        typer.echo(f"  outside every family but in a trail: {text}")
