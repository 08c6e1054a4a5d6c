import type { Config } from '../config.js';
import { BlobStore } from './blobs.js';
import { MemoryStore } from './memory.js';
import type { StateStore } from './types.js';

export type { StateStore } from './types.js';
export { MemoryStore } from './memory.js';
export { BlobStore } from './blobs.js';
export * from './conversation.js';
export { conversationRecords } from './conversation-update.js';
export * from './kept.js';
export * from './tickets.js';
export { forgetUser, purgeExpired, startRetention, type Removed } from './retention.js';

/** Memory unless a connection string is configured. */
export const createStateStore = (config: Pick<Config, 'state'>): StateStore =>
  config.state.connectionString
    ? new BlobStore(config.state.connectionString, config.state.container)
    : new MemoryStore();
