import { bump, clientOf, type ScanState } from './state.js';

/** Legs of one challenge sequence sit within this many seconds of each other (iis-facts 6.2). */
export const HANDSHAKE_WINDOW_SEC = 5;
/** A sequence this long is a failure pattern, not a handshake: it is closed to bound memory. */
const MAX_LEGS = 64;

/**
 * Phases let byte ranges of one file be scanned apart and merged to the same result as one pass:
 * 'warm' replays the seconds before a range to learn which sequences are open (they belong to
 * the previous range), 'count' is the range itself, 'cool' reads on past the range only to
 * finish the sequences the range started.
 */
export type Phase = 'count' | 'warm' | 'cool';

interface Sequence {
  client: string;
  clientHash: number;
  owned: boolean;
  last: number;
  challenges: number;
  middles: number;
  failing: number;
  benignCodes: string[];
  failingCodes: string[];
  browser: boolean;
}

/**
 * Follows 401.2 -> [401.1] -> 2xx/3xx per client + URL + user agent (iis-facts 6.1): the legs of
 * a sequence that ends in a success are the normal challenge; the rest are failures.
 */
export class HandshakeTracker {
  phase: Phase = 'count';
  private readonly open = new Map<number, Sequence>();
  private readonly byClient = new Map<number, number>();
  private ownedOpen = 0;
  private sweptAt = -Infinity;

  constructor(
    private readonly state: ScanState,
    private readonly windowSec = HANDSHAKE_WINDOW_SEC,
  ) {}

  /** True when a sequence from this client (by hash of its address bytes) is open. */
  hasClient(hash: number): boolean {
    return this.byClient.has(hash);
  }

  /** True when a sequence with this key hash is open. */
  isOpen(hash: number): boolean {
    return this.open.has(hash);
  }

  /** No sequence started in the 'count' phase is still open. */
  get settled(): boolean {
    return this.ownedOpen === 0;
  }

  /**
   * A 401.2 (`sub` 2) or 401.1 entry. Returns true when it is a leg of a sequence (the sequence
   * decides later whether it was normal); false for a lone failing 401.1.
   */
  challenge(
    hash: number,
    clientHash: number,
    client: string,
    code: string,
    sub: 1 | 2,
    failing: boolean,
    sec: number,
    browser: boolean,
  ): boolean {
    this.sweep(sec);
    let seq = this.current(hash, sec);
    if (seq !== undefined && sub === 2 && (seq.middles > 0 || seq.failing > 0)) {
      this.close(hash, seq, false);
      seq = undefined;
    }
    if (seq === undefined) {
      if (failing || this.phase === 'cool') return false;
      seq = {
        client,
        clientHash,
        owned: this.phase === 'count',
        last: sec,
        challenges: 0,
        middles: 0,
        failing: 0,
        benignCodes: [],
        failingCodes: [],
        browser,
      };
      if (seq.owned) this.ownedOpen++;
      this.byClient.set(clientHash, (this.byClient.get(clientHash) ?? 0) + 1);
    } else this.open.delete(hash);
    if (failing) {
      seq.failing++;
      seq.failingCodes.push(code);
    } else {
      if (sub === 2) seq.challenges++;
      else seq.middles++;
      seq.benignCodes.push(code);
    }
    seq.last = sec;
    this.open.set(hash, seq);
    if (seq.benignCodes.length + seq.failingCodes.length >= MAX_LEGS) this.close(hash, seq, false);
    return true;
  }

  /** A 2xx/3xx entry: completes the open sequence with the same key, if any. */
  success(hash: number, sec: number): void {
    this.sweep(sec);
    const seq = this.current(hash, sec);
    if (seq !== undefined) this.close(hash, seq, true);
  }

  /**
   * The open sequence for this key (a 52-bit hash of client, URL and user agent), closing it
   * first if its last leg is out of the window.
   */
  private current(hash: number, sec: number): Sequence | undefined {
    const seq = this.open.get(hash);
    if (seq === undefined) return undefined;
    if (Math.abs(sec - seq.last) <= this.windowSec) return seq;
    this.close(hash, seq, false);
    return undefined;
  }

  /**
   * Closes, as failed, every sequence whose last leg is more than the window before `sec`; when
   * time jumps back by more than the window (logs of several days or servers joined together),
   * every open sequence is closed: none can be answered any more.
   */
  sweep(sec: number): void {
    if (sec < this.sweptAt - this.windowSec) {
      this.sweptAt = sec;
      this.finish();
      return;
    }
    if (!(sec > this.sweptAt)) return;
    this.sweptAt = sec;
    const limit = sec - this.windowSec;
    for (const [hash, seq] of this.open) {
      if (seq.last >= limit) break;
      this.close(hash, seq, false);
    }
  }

  /** End of input: whatever is still open never succeeded. */
  finish(): void {
    for (const [hash, seq] of this.open) this.close(hash, seq, false);
  }

  private close(hash: number, seq: Sequence, ok: boolean): void {
    this.open.delete(hash);
    const n = (this.byClient.get(seq.clientHash) ?? 1) - 1;
    if (n > 0) this.byClient.set(seq.clientHash, n);
    else this.byClient.delete(seq.clientHash);
    if (!seq.owned) return;
    this.ownedOpen--;
    const hs = this.state.handshakes;
    const client = clientOf(this.state, seq.client);
    if (ok) {
      hs.completed++;
      if (seq.middles > 0 || seq.failing > 0) hs.ntlm++;
      else hs.negotiate++;
      for (const c of seq.benignCodes) bump(hs.legs, c);
      for (const c of seq.failingCodes) bump(hs.failingLegsCompleted, c);
      if (client) {
        client.completed++;
        client.failures += seq.failing;
      }
      return;
    }
    hs.failed++;
    if (seq.failing > 0) hs.rejected++;
    else if (seq.middles > 0) {
      hs.abandoned++;
      for (const c of seq.benignCodes) bump(hs.abandonedLegs, c);
    } else {
      hs.noAnswer++;
      for (const c of seq.benignCodes) bump(hs.noAnswerLegs, c);
      if (seq.browser) hs.noAnswerBrowser += seq.challenges;
      else hs.noAnswerTool += seq.challenges;
    }
    if (client) {
      client.failed++;
      client.failures += seq.benignCodes.length + seq.failingCodes.length;
    }
  }
}
