import { AppError } from '../errors.js';

/**
 * The CLI's environment variables, read here and nowhere else (the server's are in src/config.ts,
 * whose zod schema would add zod's load, a large part of a command's start, to every command).
 */
export interface CliEnv {
  /** Colour on a terminal: off when NO_COLOR is set to anything but '' (no-color.org) or TERM=dumb. */
  isColourAllowed: boolean;
  /** COLUMNS: the width of the scan report (default: the terminal's, else 100). */
  columns?: number;
}

const whole = (env: Record<string, string | undefined>, name: string, max: number) => {
  const text = env[name]?.trim();
  if (!text) return undefined;
  const n = /^\d{1,6}$/.test(text) ? Number(text) : NaN;
  if (!(n >= 1 && n <= max)) {
    throw new AppError('E_USAGE', `${name} must be a whole number from 1 to ${max}`);
  }
  return n;
};

/** Reads the environment once; a bad value is a usage error naming the variable. */
export const readCliEnv = (env: Record<string, string | undefined>): CliEnv => {
  const columns = whole(env, 'COLUMNS', 10_000);
  return {
    isColourAllowed: !env.NO_COLOR && env.TERM !== 'dumb',
    ...(columns === undefined ? {} : { columns }),
  };
};
