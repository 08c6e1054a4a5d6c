export type ErrorCode =
  'E_INPUT' | 'E_KNOWLEDGE' | 'E_CONFIG' | 'E_STORAGE' | 'E_LIMIT' | 'E_USAGE';

/** The one error family: thrown only for broken invariants and bad deployment. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AppError';
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;

/** An error's first line, cut short, for a log record (never a stack, never user text at length). */
export const errorLine = (e: unknown, max = 200): string =>
  e instanceof Error ? e.message.split('\n')[0]!.slice(0, max) : 'unknown error';

/** An error's name and first line, for a log record's `err`. */
export const errorInfo = (e: unknown, max = 300): { name: string; message: string } => ({
  name: e instanceof Error ? e.name : 'unknown',
  message: errorLine(e, max),
});

/** `run`'s result; a storage outage (E_STORAGE) becomes `down(e)` instead, anything else is thrown. */
export const unlessStorageDown = async <T>(
  run: () => Promise<T>,
  down: (e: AppError) => T,
): Promise<T> => {
  try {
    return await run();
  } catch (e) {
    if (!isAppError(e) || e.code !== 'E_STORAGE') throw e;
    return down(e);
  }
};
