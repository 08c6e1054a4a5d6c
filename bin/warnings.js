// restify 11 requires spdy, whose http-deceiver reads process.binding('http_parser') as it loads,
// twice: Node prints DEP0111 once for each read on every `npm start`. We never serve SPDY, no
// restify release drops spdy, and Node has no run-time switch for one code (--disable-warning is
// a command-line flag): so that one warning, from that one binding, is dropped here and every
// other warning goes through as before.

/** Installs the filter on process.emitWarning; idempotent. */
export function silenceHttpParserDeprecation() {
  if (process.emitWarning.silencesDep0111) return;
  const emit = process.emitWarning;
  const filtered = function emitWarning(warning, ...args) {
    const code = typeof args[0] === 'object' && args[0] !== null ? args[0].code : args[1];
    if (code === 'DEP0111' && String(warning?.message ?? warning).includes("'http_parser'")) return;
    return emit.call(this, warning, ...args);
  };
  filtered.silencesDep0111 = true;
  process.emitWarning = filtered;
}
