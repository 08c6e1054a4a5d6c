// The layout of one sequence record of the handshake tracker (a pool of them, kernel/handshakes.ts).

// a sequence record
export const Q_KEY: u32 = 0; // f64
export const Q_CLIENT: u32 = 8; // f64: the client's key in the client table
export const Q_CLIENT_KEY: u32 = 16; // i32: the 30-bit key of "open from this client?" (20: free)
export const Q_BROWSER: u32 = 24;
export const Q_LAST: u32 = 28;
export const Q_CHALLENGES: u32 = 32;
export const Q_STATE: u32 = 36; // i32: the rules' state of the sequence (ASKED, ANSWERING, ...)
export const Q_LEGS_N: u32 = 44;
export const Q_PREV: u32 = 48;
export const Q_NEXT: u32 = 52;
export const Q_NAME_LEN: u32 = 56; // the client's address: its length, UTF-8 flag and bytes
export const Q_NAME_UTF8: u32 = 60;
export const Q_HEAP: u32 = 64; // u32: a heap buffer for a long address (kept when the record is reused)
export const Q_HEAP_CAP: u32 = 68;
export const Q_NAME: u32 = 72; // a short address is kept here
export const NAME_ROOM: u32 = 56;
export const Q_LEGS: u32 = 128; // u32 x MAX_LEGS: code id, top bit set for a failing leg
export const Q_LEG_SECS: u32 = 384; // i32 x MAX_LEGS: each leg's own time (NO_TIME: it had none)
export const SEQ_BYTES: u32 = 640;
export const FAILING_BIT: u32 = 0x80000000;
