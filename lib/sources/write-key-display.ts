// Client-safe constants about write keys (lib/server/sources/write-keys.ts is server-only).
export const WRITE_KEY_PREFIX_LENGTH = 8;

export const maskedWriteKey = (prefix: string) => `${prefix}…`;
