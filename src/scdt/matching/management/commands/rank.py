"""``scdt rank``: the matching engine on JSONL files, no database.

    scdt rank --documents DOCS.jsonl --queries QUERIES.jsonl [--top 100] [--run-name NAME]
              [--mode hybrid|dense|bm25] [--cache-dir DIR]

Prints a TREC run (``qid Q0 docid rank score runname``) on stdout, progress on
stderr; bad input exits with status 2 and a message naming the file and line.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from scdt.matching.engine import batch, dense
from scdt.matching.engine.index import MODES


class Command(BaseCommand):
    help = "Rank DOCS.jsonl for each line of QUERIES.jsonl; print a TREC run."
    requires_system_checks = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("--documents", required=True, help="DOCS.jsonl")
        parser.add_argument("--queries", required=True, help="QUERIES.jsonl")
        parser.add_argument("--top", type=int, default=100, help="results per query")
        parser.add_argument("--run-name", default="scdt", help="last column of the run")
        parser.add_argument("--mode", choices=MODES, default="hybrid")
        parser.add_argument(
            "--cache-dir",
            default=None,
            help="embedding cache (default: var/cache/embeddings)",
        )

    def handle(self, *args, **options):
        top = options["top"]
        if top < 1:
            raise CommandError("--top must be at least 1", returncode=2)
        run_name = options["run_name"]
        if not run_name or any(char.isspace() for char in run_name):
            raise CommandError("--run-name must be one word", returncode=2)
        mode = options["mode"]
        cache_dir = Path(options["cache_dir"] or Path(settings.VAR_DIR) / "cache" / "embeddings")

        def progress(message):
            self.stderr.write(message)
            self.stderr.flush()

        try:
            documents = batch.read_documents(options["documents"])
            queries = batch.read_queries(options["queries"])
        except batch.InputError as error:
            raise CommandError(str(error), returncode=2) from error
        progress(f"{len(documents)} documents, {len(queries)} queries, mode {mode}")

        cache = dense.EmbeddingCache(cache_dir) if mode != "bm25" else None
        timings = batch.Timings()
        index = batch.build_index(
            documents, mode=mode, cache=cache, timings=timings, progress=progress
        )
        results = batch.rank(
            index, queries, mode=mode, top=top, cache=cache, timings=timings
        )
        for line in batch.trec_lines(results, run_name):
            self.stdout.write(line)
        self.stdout.flush()
        progress(
            f"embedding documents {timings.embed_documents_seconds:.1f}s "
            f"({timings.documents_embedded} not cached), "
            f"indexing {timings.index_seconds:.1f}s, "
            f"embedding queries {timings.embed_queries_seconds:.1f}s, "
            f"ranking {timings.rank_seconds:.2f}s"
        )
