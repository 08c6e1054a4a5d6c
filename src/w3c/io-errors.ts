/** A file error as the scan reports it (no such file, permission denied, not valid gzip, ...). */
export const describe = (e: unknown): string => {
  const err = e as NodeJS.ErrnoException;
  if (err?.code === 'ENOENT') return 'no such file';
  if (err?.code === 'EACCES') return 'permission denied';
  if (err?.code === 'Z_DATA_ERROR' || err?.code === 'Z_BUF_ERROR')
    return `not valid gzip (${err.message})`;
  return err instanceof Error ? err.message : String(e);
};
