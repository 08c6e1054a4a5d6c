/**
 * Limited-memory BFGS with a backtracking (Armijo) line search: minimises a smooth function given
 * its value and gradient. Deterministic. Written here because no kept npm package offers it for
 * a sparse objective of our own (the candidates are unmaintained or dense-only); it is the
 * textbook two-loop recursion (Nocedal & Wright, Numerical Optimization, algorithm 7.4).
 */
export interface LbfgsOptions {
  maxIterations: number;
  /** Remembered curvature pairs. */
  memory?: number;
  /** Stop when the gradient's norm falls below this. */
  gradientTolerance?: number;
  /** Stop when an iteration improves the value by less than this share. */
  relativeTolerance?: number;
}

export interface LbfgsResult {
  x: Float64Array;
  value: number;
  iterations: number;
}

/** `f(x, grad)` returns the value at x and writes the gradient into grad. */
export type Objective = (x: Float64Array, grad: Float64Array) => number;

const dot = (a: Float64Array, b: Float64Array): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};

export const minimise = (f: Objective, x0: Float64Array, options: LbfgsOptions): LbfgsResult => {
  const m = options.memory ?? 8;
  const gtol = options.gradientTolerance ?? 1e-6;
  const rtol = options.relativeTolerance ?? 1e-7;
  const n = x0.length;
  let x = Float64Array.from(x0);
  let g = new Float64Array(n);
  let value = f(x, g);
  const s: Float64Array[] = [];
  const y: Float64Array[] = [];
  const rho: number[] = [];
  const dir = new Float64Array(n);
  const alpha = new Float64Array(m);
  const xNew = new Float64Array(n);
  const gNew = new Float64Array(n);
  let iterations = 0;
  for (; iterations < options.maxIterations; iterations++) {
    if (Math.sqrt(dot(g, g)) < gtol) break;
    // two-loop recursion: dir = -H g
    for (let i = 0; i < n; i++) dir[i] = -g[i]!;
    for (let k = s.length - 1; k >= 0; k--) {
      alpha[k] = rho[k]! * dot(s[k]!, dir);
      const yk = y[k]!;
      for (let i = 0; i < n; i++) dir[i]! -= alpha[k]! * yk[i]!;
    }
    const gamma = s.length
      ? dot(s[s.length - 1]!, y[y.length - 1]!) / dot(y[y.length - 1]!, y[y.length - 1]!)
      : 1 / Math.max(1, Math.sqrt(dot(g, g)));
    for (let i = 0; i < n; i++) dir[i]! *= gamma;
    for (let k = 0; k < s.length; k++) {
      const beta = rho[k]! * dot(y[k]!, dir);
      const sk = s[k]!;
      for (let i = 0; i < n; i++) dir[i]! += (alpha[k]! - beta) * sk[i]!;
    }
    let slope = dot(g, dir);
    if (slope >= 0) {
      // not a descent direction (curvature information went stale): restart along -g
      s.length = y.length = rho.length = 0;
      for (let i = 0; i < n; i++) dir[i] = -g[i]!;
      slope = dot(g, dir);
    }
    // backtracking line search (Armijo)
    let step = 1;
    let valueNew = Infinity;
    for (let tries = 0; tries < 30; tries++) {
      for (let i = 0; i < n; i++) xNew[i] = x[i]! + step * dir[i]!;
      valueNew = f(xNew, gNew);
      if (valueNew <= value + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(valueNew < value)) break;
    const sk = new Float64Array(n);
    const yk = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      sk[i] = xNew[i]! - x[i]!;
      yk[i] = gNew[i]! - g[i]!;
    }
    const sy = dot(sk, yk);
    if (sy > 1e-12) {
      if (s.length === m) {
        s.shift();
        y.shift();
        rho.shift();
      }
      s.push(sk);
      y.push(yk);
      rho.push(1 / sy);
    }
    const improved = (value - valueNew) / Math.max(1, Math.abs(value));
    x = Float64Array.from(xNew);
    g = Float64Array.from(gNew);
    value = valueNew;
    if (improved < rtol) {
      iterations++;
      break;
    }
  }
  return { x, value, iterations };
};
