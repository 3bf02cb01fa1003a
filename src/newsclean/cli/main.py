"""Command-line interface: ``newsclean INPUT...`` cleans pages, folders, globs, JSONL and WARC dumps.

Thin by design: ``parse_args(argv)`` -> :class:`Options` -> :func:`batch.run_batch` -> writers.
Exceptions become a message on stderr and an exit status here, and nowhere else. Cleaning options
map one-to-one onto :class:`Options` fields (:data:`OPTION_FLAGS`). ``newsclean learn ...`` is a
subcommand handled by ``newsclean.cli.learn`` when that module is installed.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from pathlib import Path
from typing import Any

from .. import __version__
from ..errors import NewscleanError
from ..models import JUDGE_MODES, Options
from .habits import count_pages, suffix_format, url_message
from .inputs import RecordFields, check_inputs, iter_documents
from .output import FORMATS
from .sinks import STREAM_ERRORS, ErrorLog, FileSink, Sink, StreamSink, TreeSink, is_errors_file

EXIT_OK = 0
#: Some documents failed (they are listed in the errors file); the others were written.
EXIT_FAILED_DOCUMENTS = 3
EXIT_USAGE = 2
#: The output could not be written.
EXIT_ERROR = 1
EXIT_INTERRUPTED = 130

#: Hard limit per document in a batch (seconds of the worker's CPU time): far above the cleaner's
#: own work budget, it only stops a document stuck in a pathological input, so that the batch goes on.
DOC_TIMEOUT = 120.0

#: Subcommands dispatched to their own module's ``main(argv)``.
SUBCOMMANDS = {"learn": "newsclean.cli.learn"}

#: Every cleaning flag and the :class:`Options` field it sets (one flag per field).
OPTION_FLAGS: list[tuple[str, str, dict[str, Any]]] = [
    ("--url", "url", {"help": "the page's URL (single page; JSONL and WARC inputs carry their own)"}),
    ("--include-comments", "include_comments", {"action": "store_true", "help": "keep readers' comments"}),
    ("--no-tables", "include_tables", {"action": "store_false", "help": "leave tables out of the text"}),
    ("--rules", "rule_files", {"action": "append", "type": Path, "metavar": "FILE",
                               "help": "extra rule file (TOML, the bundled rules' format); repeatable"}),
    ("--languages", "languages", {"type": lambda s: tuple(x.strip() for x in s.split(",") if x.strip()),
                                  "metavar": "LANG,...", "help": "use only these languages' rules"}),
    ("--keep-all", "remove", {"action": "store_false",
                              "help": "classify and report chrome in the ledger, but keep everything"}),
    ("--no-preclean", "preclean", {"action": "store_false", "help": "skip DOM pre-cleaning of widgets"}),
    ("--no-byline", "with_byline", {"action": "store_false", "help": "skip byline metadata"}),
    ("--fast", "fast", {"action": "store_true", "help": "faster extraction (no fallback extractors)"}),
    ("--max-input-bytes", "max_input_bytes", {"type": int, "metavar": "N", "help": "largest input accepted"}),
    ("--on-oversize", "on_oversize", {"choices": ("truncate", "refuse"), "help": "what to do with a larger input"}),
    ("--max-decompressed-bytes", "max_decompressed_bytes", {"type": int, "metavar": "N",
                                                            "help": "largest decompressed size of gzip input"}),
    ("--max-depth", "max_depth", {"type": int, "metavar": "N", "help": "deepest element nesting kept"}),
    ("--time-budget", "time_budget", {"type": float, "metavar": "SECONDS",
                                      "help": "predicted work allowed per document before later stages are skipped "
                                      "(counted from the page, not a clock: output never depends on load; 0: none)"}),
    ("--time-limit", "time_limit", {"type": float, "metavar": "SECONDS",
                                    "help": "wall-clock limit per document, read between stages (default 0: none)"}),
    ("--profiles", "profiles", {"type": Path, "metavar": "PATH",
                                "help": "site profiles learned by `newsclean learn` (.sqlite store or .json export)"}),
    ("--judge", "judge", {"choices": JUDGE_MODES,
                          "help": "also remove the blocks the learned judge scores as chrome, at this operating point"}),
    ("--judge-model", "judge_model", {"type": Path, "metavar": "FILE",
                                      "help": "a judge model (.npz from python -m training.judge) instead of the shipped one"}),
]
#: Shorthands for ``--judge``, named like trafilatura's switch: (flag, operating point).
JUDGE_SHORTHANDS = (("--favor-precision", "precision"), ("--favor-recall", "recall"))


class UsageError(NewscleanError):
    """The command line asks for something that cannot be done."""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed so that tests and docs can read its options)."""
    parser = argparse.ArgumentParser(
        prog="newsclean",
        description="Clean scraped news: article text, title, byline and a ledger of every removal.",
        epilog="Exit status: 0 all documents fine (empty ones included); 1 the output could not be written; "
        "2 usage error (bad option, missing input, unreadable rule file); 3 some documents failed (see the "
        "errors file); 130 interrupted (run the same command with --resume to finish). "
        "Subcommand: newsclean learn ... (site profiles, when installed).",
    )
    parser.add_argument("inputs", nargs="+", metavar="INPUT",
                        help="page (.html/.htm/.xhtml/.txt, .gz too), folder (recursive), quoted glob, "
                        ".jsonl/.ndjson, .warc/.warc.gz, or - for standard input")
    out = parser.add_argument_group("output")
    out.add_argument("-o", "--output", metavar="PATH",
                     help="output file, or a folder (existing, or ending in /) for one file per input")
    out.add_argument("-f", "--format", choices=[*(f for f in FORMATS if f != "explain"), "parquet"],
                     help="text, json, jsonl (one record per document), markdown or parquet (-o FILE only, "
                     "needs newsclean[parquet]); default from -o's suffix, else text for one page and jsonl for many")
    out.add_argument("--explain", action="store_true",
                     help="print the article with every removed block marked by category and rule")
    out.add_argument("--errors", metavar="FILE", type=Path,
                     help="errors file (JSONL: id, path, url, status, reason); default beside -o")
    batch = parser.add_argument_group("batch")
    batch.add_argument("-j", "--jobs", type=int, default=0, metavar="N", help="worker processes (default: all cores)")
    batch.add_argument("--doc-timeout", type=float, default=DOC_TIMEOUT, metavar="SECONDS",
                       help=f"stop a document that takes longer and report it as failed (0: never; {DOC_TIMEOUT:g})")
    batch.add_argument("--resume", action="store_true",
                       help="finish an interrupted run: skip documents already written (needs -o)")
    batch.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                       help="progress bar on stderr (default: when stderr is a terminal)")
    batch.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary")
    records = parser.add_argument_group("JSONL input")
    records.add_argument("--html-field", default="html", metavar="NAME", help="field holding the page (html)")
    records.add_argument("--url-field", default="url", metavar="NAME", help="field holding the URL (url)")
    records.add_argument("--id-field", default="id", metavar="NAME", help="field holding the record id (id)")
    cleaning = parser.add_argument_group("cleaning (the fields of newsclean.Options)")
    for flag, dest, kwargs in OPTION_FLAGS:
        cleaning.add_argument(flag, dest=dest, default=argparse.SUPPRESS, **kwargs)
    for flag, mode in JUDGE_SHORTHANDS:
        cleaning.add_argument(flag, dest="judge", action="store_const", const=mode, default=argparse.SUPPRESS,
                              help=f"the same as --judge {mode}")
    parser.add_argument("--version", action="version", version=f"newsclean {__version__}")
    return parser


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Parse command-line arguments (exits with status 2 on a usage error, as argparse does)."""
    return build_parser().parse_args(argv)


def options_from_args(args: argparse.Namespace) -> Options:
    """The :class:`Options` the flags ask for; fields without a flag on the line keep their defaults."""
    given = {dest: getattr(args, dest) for _, dest, _ in OPTION_FLAGS if hasattr(args, dest)}
    if "rule_files" in given:
        given["rule_files"] = tuple(given["rule_files"])
    if "profiles" in given:
        from .learn import open_profiles

        try:
            given["profiles"] = open_profiles(given["profiles"])
        except (OSError, ValueError) as err:
            raise UsageError(f"cannot open site profiles {given['profiles']}: {err}") from err
    return Options(**given)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv and argv[0] in SUBCOMMANDS:
        return _subcommand(argv[0], argv[1:])
    args = parse_args(argv)
    try:
        return _run(args)
    except NewscleanError as err:  # UsageError, InputError (no such input), OptionsError, RulesError
        print(f"newsclean: {err}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        hint = "; run the same command with --resume to finish" if args.output else ""
        print(f"newsclean: interrupted{hint}", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # the reader (head, less) went away: not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as err:  # the output cannot be written: nothing newsclean can go on with
        print(f"newsclean: {err}", file=sys.stderr)
        return EXIT_ERROR


def _subcommand(name: str, argv: list[str]) -> int:
    try:
        module = importlib.import_module(SUBCOMMANDS[name])
    except ModuleNotFoundError:
        print(f"newsclean: the {name!r} command is not available in this installation", file=sys.stderr)
        return EXIT_USAGE
    return int(module.main(argv) or 0)


def _run(args: argparse.Namespace) -> int:
    for name in args.inputs:
        message = url_message(name)
        if message:
            raise UsageError(message)
    # the cleaner (lxml, trafilatura, numpy) is imported only for a run: --version and --help need none of it
    from ..api import Cleaner
    from .batch import run_batch

    options = options_from_args(args)
    Cleaner(options)  # bad option values and rule files are usage errors, found before any work
    check_inputs(args.inputs)
    single = len(args.inputs) == 1 and _is_single_page(args.inputs[0])
    to_folder = bool(args.output) and (args.output.endswith(("/", os.sep)) or Path(args.output).is_dir())
    fmt = _format(args, single, to_folder)
    if fmt == "json" and not single and not to_folder:
        raise UsageError("--format json writes one document; use --format jsonl, or -o FOLDER/ for one file each")
    if fmt == "parquet" and (not args.output or to_folder):
        raise UsageError("--format parquet writes one file: -o FILE.parquet")
    if args.resume and (not args.output or (not to_folder and fmt not in ("jsonl", "parquet"))):
        raise UsageError("--resume needs -o FILE.jsonl, -o FILE.parquet or -o FOLDER/")
    if args.jobs < 0:
        raise UsageError("-j must be 0 (all cores) or more")

    sink: Sink
    headers = not single and fmt in ("text", "markdown", "explain")
    if fmt == "parquet":
        from .parquet import ParquetSink

        sink = ParquetSink(Path(args.output), resume=args.resume)
    elif to_folder:
        sink = TreeSink(Path(args.output), FORMATS[fmt])
    elif args.output:
        sink = FileSink(Path(args.output), resume=args.resume, records=fmt == "jsonl", headers=headers)
    else:
        sys.stdout.reconfigure(errors=STREAM_ERRORS)  # type: ignore[union-attr]
        sink = StreamSink(sys.stdout, headers=headers)
    errors_path = args.errors or _default_errors_path(args.output, to_folder)
    _check_errors_path(errors_path, args.output, derived=args.errors is None)
    # A derived errors file belongs to this output and is replaced; one named by --errors may be
    # shared by several runs, and is only ever appended to.
    errors = ErrorLog(errors_path, resume=args.resume, fresh=args.errors is None)
    batch_mode = not single or bool(args.output)  # a batch reports progress and a summary
    progress = args.progress if args.progress is not None else (batch_mode and sys.stderr.isatty())
    fields = RecordFields(html=args.html_field, url=args.url_field, id=args.id_field)
    summary = run_batch(
        iter_documents(args.inputs, options, fields),
        options,
        fmt="jsonl" if fmt == "parquet" else fmt,  # Parquet rows are JSONL records, journalled then converted
        total=count_pages(args.inputs) if progress and not args.quiet else None,
        sink=sink,
        errors=errors,
        workers=1 if single else args.jobs,
        timeout=args.doc_timeout,
        resume=args.resume,
        progress=progress and not args.quiet,
        isolate=not single,
    )
    if batch_mode and not args.quiet:
        where = f"; see {errors_path}" if errors_path and (summary.failed or summary.empty) else ""
        print(f"newsclean: {summary.line()}{where}", file=sys.stderr)
    elif single and summary.empty and not args.quiet:
        print(f"newsclean: {args.inputs[0]}: no article text found", file=sys.stderr)
    return EXIT_FAILED_DOCUMENTS if summary.failed or summary.failed_before else EXIT_OK


def _is_single_page(name: str) -> bool:
    """One page in, one article out: stdin or a page file (not a folder, glob or dump of records)."""
    if name == "-":
        return True
    if not os.path.isfile(name):
        return False
    lower = name.lower().removesuffix(".gz")
    return not lower.endswith((".jsonl", ".ndjson", ".warc", ".arc"))


def _format(args: argparse.Namespace, single: bool, to_folder: bool) -> str:
    if args.explain:
        if args.format:
            raise UsageError("--explain and --format exclude each other")
        return "explain"
    if args.format:
        return str(args.format)
    if args.output and not to_folder:
        fmt = suffix_format(args.output)
        if fmt is None:
            raise UsageError(f"-o {args.output}: unknown output suffix {Path(args.output).suffix!r}; use .jsonl, "
                             ".json, .md, .txt or .parquet, a folder ending in /, or say --format")
        return fmt
    return "text" if single or to_folder else "jsonl"


def _default_errors_path(output: str | None, to_folder: bool) -> Path | None:
    """Beside the output, named after all of it: ``clean.jsonl`` -> ``clean.errors.jsonl``,
    ``warc.out.jsonl`` -> ``warc.out.errors.jsonl``, ``a.txt`` -> ``a.txt.errors.jsonl``,
    ``out/`` -> ``out.errors.jsonl``. Two outputs never share one."""
    if not output:
        return None
    path = Path(output.rstrip("/" + os.sep) or ".")
    path = path if path.name else path.absolute()
    name = path.name or "newsclean"
    if not to_folder and name.lower().endswith(".jsonl") and len(name) > len(".jsonl"):
        return path.with_name(f"{name[: -len('.jsonl')]}.errors.jsonl")
    return path.with_name(f"{name}.errors.jsonl")


def _check_errors_path(errors: Path | None, output: str | None, *, derived: bool) -> None:
    """Refuse an errors file that is the output itself, or a derived one that holds other data."""
    if errors is None:
        return
    if output and os.path.abspath(errors) in (os.path.abspath(output), os.path.abspath(output) + ".part"):
        raise UsageError(f"the errors file {errors} would overwrite the output")
    if derived and errors.is_file() and not is_errors_file(errors):
        raise UsageError(f"{errors} exists and is not an errors file: give another with --errors")
