// The schema of the shared state in PostgreSQL: every table is created here and nowhere else, as an ordered list of
// migrations, like the embedded store's (Storage.Embedded/Schema/SqliteSchema.cs). kb_schema records the number of the
// last migration run; PostgresDatabase runs the missing ones at start-up, each with its new number in one transaction,
// under an advisory lock so API and worker processes starting together take turns.
//
// To change the schema: add a migration at the END with the next number; never edit or renumber one that is on main
// (renumber yours after main's when you merge); make it run once on a database of the previous version; test it in
// tests/.../State/PostgresSchemaTests.cs.

namespace KnowledgeBase.Storage.Postgres;

/// <summary>One step of the shared-state schema, applied once, in order.</summary>
public sealed record PostgresMigration(int Version, string Description, string Sql);

/// <summary>The shared-state schema as ordered migrations; see the comment at the top of this file before changing it.</summary>
public static class PostgresSchema
{
    public static readonly IReadOnlyList<PostgresMigration> Migrations =
    [
        new(1, "ingest queue, ingest ledger, API keys, review decisions, kept originals", """
            CREATE TABLE kb_jobs(
                seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                id text NOT NULL UNIQUE,
                staged_path text NOT NULL,
                source text NOT NULL,
                metadata jsonb NOT NULL,
                pinned_document_id text,
                submitted_by text,
                content_hash text,
                state text NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
                attempts integer NOT NULL DEFAULT 0,
                not_before timestamptz NOT NULL,
                lease_owner text,
                lease_until timestamptz,
                error text,
                document_id text,
                created timestamptz NOT NULL,
                updated timestamptz NOT NULL);
            -- At most one job per (source, bytes): enqueueing the same file again returns the job it already has.
            CREATE UNIQUE INDEX ix_kb_jobs_source_hash ON kb_jobs(source, content_hash) WHERE content_hash IS NOT NULL;
            CREATE INDEX ix_kb_jobs_queued ON kb_jobs(created, seq) WHERE state = 'queued';
            CREATE INDEX ix_kb_jobs_running ON kb_jobs(lease_until) WHERE state = 'running';
            CREATE INDEX ix_kb_jobs_failed ON kb_jobs(updated DESC, seq DESC) WHERE state = 'failed';
            CREATE INDEX ix_kb_jobs_source ON kb_jobs(source, created DESC, seq DESC);

            CREATE TABLE kb_sources(
                source text PRIMARY KEY,
                document_id text NOT NULL,
                content_hash text NOT NULL,
                updated_at timestamptz NOT NULL);
            CREATE INDEX ix_kb_sources_document ON kb_sources(document_id);
            CREATE TABLE kb_failures(
                source text PRIMARY KEY,
                content_hash text NOT NULL,
                kind text NOT NULL,
                reason text NOT NULL,
                at timestamptz NOT NULL);
            CREATE INDEX ix_kb_failures_at ON kb_failures(at DESC);

            CREATE TABLE kb_api_keys(
                id text PRIMARY KEY,
                secret_hash bytea NOT NULL,
                role text NOT NULL,
                organisation text,
                name text,
                created_at timestamptz NOT NULL,
                revoked_at timestamptz);

            CREATE TABLE kb_reviews(
                document_id text NOT NULL,
                decision text NOT NULL CHECK (decision IN ('approved')),
                decided_by text,
                decided_at timestamptz NOT NULL,
                PRIMARY KEY(document_id, decided_at));

            -- An original is complete once its kb_originals row exists: chunks are written first, in the same transaction.
            CREATE TABLE kb_originals(
                content_hash text PRIMARY KEY,
                extension text NOT NULL,
                length bigint NOT NULL,
                chunk_bytes integer NOT NULL,
                stored_at timestamptz NOT NULL);
            CREATE TABLE kb_original_chunks(
                content_hash text NOT NULL,
                ordinal integer NOT NULL,
                data bytea NOT NULL,
                PRIMARY KEY(content_hash, ordinal));
            """),
        new(2, "ingest workers' heartbeats", """
            CREATE TABLE kb_worker_beats(
                worker_id text PRIMARY KEY,
                host text NOT NULL,
                beat_at timestamptz NOT NULL,
                beat jsonb NOT NULL);
            """),
    ];

    /// <summary>The version a database has once every migration has run.</summary>
    public static int Version => Migrations[^1].Version;
}
