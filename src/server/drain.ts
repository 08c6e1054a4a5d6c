import type { Server, ServerResponse } from 'node:http';

export interface Drainer {
  /** Requests being answered right now. */
  inFlight(): number;
  /**
   * Stops listening, lets the requests in flight finish (closing each connection after its
   * answer), and after `graceMs` cuts whatever is left. Resolves once every connection is closed.
   */
  drain(graceMs: number): Promise<{ cut: number }>;
}

/** Tracks the requests of a Node HTTP server so a shutdown can wait for them. */
export const trackRequests = (server: Server): Drainer => {
  const inFlight = new Set<ServerResponse>();
  let draining = false;
  let onIdle: (() => void) | undefined;

  server.on('request', (_req, res: ServerResponse) => {
    inFlight.add(res);
    // a request that arrived on a kept-alive connection while draining is the last on it
    if (draining) res.shouldKeepAlive = false;
    res.on('close', () => {
      inFlight.delete(res);
      if (draining) server.closeIdleConnections();
      if (inFlight.size === 0) onIdle?.();
    });
  });

  return {
    inFlight: () => inFlight.size,
    drain: (graceMs) => {
      draining = true;
      for (const res of inFlight) res.shouldKeepAlive = false;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const idle = new Promise<'idle'>((resolve) => {
        onIdle = () => resolve('idle');
        if (inFlight.size === 0) resolve('idle');
      });
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<'deadline'>((resolve) => {
        timer = setTimeout(() => resolve('deadline'), graceMs);
      });
      return Promise.race([idle, deadline]).then(async (first) => {
        clearTimeout(timer);
        const cut = first === 'deadline' ? inFlight.size : 0;
        // what is left: idle kept-alive sockets, or requests past the deadline
        server.closeAllConnections();
        await closed;
        return { cut };
      });
    },
  };
};
