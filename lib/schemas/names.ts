// Shared rules for user-given names (workspaces, sources, destinations): trimmed,
// 1–100 characters, printable. Uniqueness is checked by the server.
import { z } from 'zod';

export const NAME_MAX = 100;

// Control characters and the bidi overrides that can make a name display as something else.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

export function entityName(label: string) {
  return z
    .string({ error: (iss) => (iss.input === undefined ? `${label} is required.` : `${label} must be text.`) })
    .trim()
    .min(1, `${label} is required.`)
    .max(NAME_MAX, `${label} must be at most ${NAME_MAX} characters.`)
    .refine((s) => !UNSAFE.test(s), `${label} contains characters that are not allowed.`);
}

/** For "type the name to confirm" deletions: compared exactly, no trimming. */
export const confirmNameInput = z.object({
  confirmName: z.string({ error: 'Type the name to confirm.' }).max(NAME_MAX + 10),
});
