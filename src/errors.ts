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
