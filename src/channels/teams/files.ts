/** Files sent to the bot in a Teams personal chat (downloaded by ../download.ts). */

export const FILE_INFO_CONTENT_TYPE = 'application/vnd.microsoft.teams.file.download.info';

export interface TeamsFile {
  name: string;
  downloadUrl: string;
  fileType: string | null;
}

interface AttachmentLike {
  contentType?: string;
  contentUrl?: string;
  name?: string;
  content?: unknown;
}

/** The file attachments of an activity (Teams' file.download.info), at most `max`. */
export const teamsFiles = (
  attachments: readonly AttachmentLike[] | undefined,
  max = 3,
): TeamsFile[] =>
  (attachments ?? [])
    .filter((a) => a.contentType === FILE_INFO_CONTENT_TYPE)
    .flatMap((a) => {
      const c = (a.content ?? {}) as { downloadUrl?: unknown; fileType?: unknown };
      return typeof c.downloadUrl === 'string'
        ? [
            {
              name: typeof a.name === 'string' ? a.name.slice(0, 200) : 'file',
              downloadUrl: c.downloadUrl,
              fileType: typeof c.fileType === 'string' ? c.fileType.slice(0, 20) : null,
            },
          ]
        : [];
    })
    .slice(0, max);
