// What the scan kernel (kernel/*.ts, AssemblyScript) and its TypeScript side (tally.ts) both read
// by number, declared once: scripts/build-kernel.ts writes these into kernel/shared.ts (with
// rules.ts) before it compiles the kernel. Integers only.

/** The interface version: a kernel built from other sources is refused. */
export const ABI = 10;

/** The kernel's memory regions the TypeScript side fills or reads (byte offsets). */
export const STATE_AT = 1024; // i32 x 64: the S_ indexes below
export const BOUNDS_AT = 1280; // u32 [start, end) of the entry's values, per value slot (C_*)
export const INPUT_AT = 1 << 16; // the bytes scan() reads
export const INPUT_CAP = (1 << 20) + (1 << 16); // a 1 MiB piece + a carried line of up to 64 KiB
/** A line the reader rewrites (its values unquoted), after the input and 64 bytes of slack. */
export const SCRATCH_AT = INPUT_AT + INPUT_CAP + 64;

/** The state block (i32 each): why scan() stopped, where the line it left ends, and counts. */
export const S_STOP = 0;
export const S_LINE_END = 1;
export const S_LINES = 2;
export const S_HEADER_DAY = 3;

/** Why scan() stopped: the end of its input, or a line for the reader. */
export const STOP_END = 0;
export const STOP_LINE = 1;

/** The value slots of an entry's bounds (u32 start and end each). */
export const C_DATE = 1;
export const C_TIME = 2;
export const C_CLIENT = 3;
export const C_URI = 4;
export const C_USER = 5;
export const C_AGENT = 6;
export const C_STATUS = 7;
export const C_SUB = 8;
export const C_WIN32 = 9;

/** entryFromReader's column bits: which values the entry has, and a URL with its query. */
export const HAS_CLIENT = 1;
export const HAS_URI = 2;
export const HAS_USER = 4;
export const HAS_AGENT = 8;
export const URI_QUERY = 16;

/** Times are seconds since 2000-01-01T00:00Z; NO_TIME marks an entry whose time did not read. */
export const NO_TIME = -0x3fffffff;

/** entryFromReader's column bits for the entry's date and time. */
export const HAS_DATE = 32;
export const HAS_TIME = 64;

/**
 * The handshake counts (types.ts HandshakeSummary says what each means), and the 401.2 answers
 * of sequences never answered, split by who asked: a browser (Mozilla/...) or a tool or library.
 */
export const HANDSHAKE_COUNTS = [
  'completed',
  'ntlm',
  'negotiate',
  'failed',
  'noAnswer',
  'abandoned',
  'rejected',
  'noAnswerBrowser',
  'noAnswerTool',
] as const;

/**
 * The counts that are single numbers, f64 each at COUNTS_AT in this order: the handshake counts,
 * the entries, and the first and last entry times (seconds since 2000, NaN: none). The kernel
 * gets N_<NAME> for each (N_NO_ANSWER).
 */
export const COUNTS = [...HANDSHAKE_COUNTS, 'entries', 'firstSec', 'lastSec'] as const;
export const COUNTS_AT = 1792;

/** A code record: the triple as numbers (f64 x 3, NaN: not logged), its count, its leg maps. */
export const CODE_STATUS_F = 24;
export const CODE_COUNT = 48;
/** i32 x 4: when the code first entered each leg map; f64 x 4: its counts there. */
export const CODE_LEG_ORDER = 64;
export const CODE_LEGS = 80;
/** The leg maps, in this order (state.ts HandshakeState). */
export const LEGS_COMPLETED = 0;
export const LEGS_NO_ANSWER = 1;
export const LEGS_ABANDONED = 2;
export const LEGS_FAILING_COMPLETED = 3;

/** A client record: completed, failed, failures (f64 each) from this offset. */
export const CLIENT_COUNTS = 16;

/** A detail record (one 401/403 code): its triple, count, anonymous, first/last, 4 list ids. */
export const D_STATUS = 0;
export const D_COUNT = 24;
export const D_ANONYMOUS = 32;
export const D_FIRST = 40;
export const D_LAST = 44;
export const D_HAS_TIME = 48;
export const D_LISTS = 52;

/**
 * The classes of the per-minute table (kernel/timeline.ts): entries (all, and 401s), handshake
 * legs by how their sequence ended, and from T_CODE on, entries with an error status by code id
 * (T_CODE + id).
 */
export const T_NORMAL = 1; // a 401.2 leg of a handshake that succeeded
export const T_NO_ANSWER_BROWSER = 2; // a 401.2 a browser never answered
export const T_NO_ANSWER_TOOL = 3; // a 401.2 a tool or library never answered
export const T_ABANDONED = 4; // a 401.1 challenge leg of a handshake that stopped there
export const T_ENTRIES = 5; // an entry
export const T_401 = 6; // an entry with status 401
export const T_CODE = 16;
/** Rows (minute, class) the timeline keeps at most. */
export const TIMELINE_ROWS = 1 << 21;

/** Bounds that keep a scan's memory constant whatever the input. */
export const MAX_LINE = 65_536; // bytes: longer lines are skipped (IIS caps custom fields at 64 KB)
export const MAX_FIELDS = 512; // values of a line that are looked at
export const TOP_CAPACITY = 100;
/** A top list is pruned to TOP_CAPACITY rows when it reaches this many times as many. */
export const TOP_PRUNE_AT = 16;
export const DETAIL_CODES = 64;
export const CLIENTS = 50_000;
