namespace KnowledgeBase.Tests.State;

// Each seam's behaviour suite against the embedded state (always) and against PostgreSQL (when KB_TEST_POSTGRES is set;
// reported as skipped otherwise).

public sealed class EmbeddedQueueBehaviour() : QueueBehaviour(new EmbeddedLocation());

public sealed class PostgresQueueBehaviour() : QueueBehaviour(new PostgresLocation());

public sealed class EmbeddedLedgerBehaviour() : LedgerBehaviour(new EmbeddedLocation());

public sealed class PostgresLedgerBehaviour() : LedgerBehaviour(new PostgresLocation());

public sealed class EmbeddedKeyStoreBehaviour() : KeyStoreBehaviour(new EmbeddedLocation());

public sealed class PostgresKeyStoreBehaviour() : KeyStoreBehaviour(new PostgresLocation());

public sealed class EmbeddedOriginalsBehaviour() : OriginalsBehaviour(new EmbeddedLocation());

public sealed class PostgresOriginalsBehaviour() : OriginalsBehaviour(new PostgresLocation());

public sealed class EmbeddedWorkerBeatsBehaviour() : WorkerBeatsBehaviour(new EmbeddedLocation());

public sealed class PostgresWorkerBeatsBehaviour() : WorkerBeatsBehaviour(new PostgresLocation());
