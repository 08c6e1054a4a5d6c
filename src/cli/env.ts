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

const MAX_COLUMNS = 10_000;

/** Reads the environment once; a bad value is a usage error naming the variable. */
export const readCliEnv = (env: Record<string, string | undefined>): CliEnv => {
  const text = env.COLUMNS?.trim();
  const columns = text ? (/^\d{1,6}$/.test(text) ? Number(text) : NaN) : undefined;
  if (columns !== undefined && !(columns >= 1 && columns <= MAX_COLUMNS))
    throw new AppError('E_USAGE', `COLUMNS must be a whole number from 1 to ${MAX_COLUMNS}`);
  return {
    isColourAllowed: !env.NO_COLOR && env.TERM !== 'dumb',
    ...(columns === undefined ? {} : { columns }),
  };
};
