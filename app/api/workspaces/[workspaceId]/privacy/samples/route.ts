import { withWorkspace, json, parseBody } from '@/lib/server/http';
import { phiRead } from '@/lib/server/audit/route-scope';
import { revealSamples } from '@/lib/server/privacy/inbox';
import { revealSamplesInput, revealSamplesResponse } from '@/lib/schemas/privacy';

// Unmasked sample values: PHI. An audited read ("Privacy Sample Values Viewed" is
// committed before the values are returned; 503 and no values if it cannot be).
// POST, not GET: it is a deliberate action with a side effect, behind the CSRF check.
export const POST = withWorkspace(
  async (req, ctx) => {
    const { fieldIds } = await parseBody(req, revealSamplesInput);
    return json(revealSamplesResponse.parse({ samples: await revealSamples(ctx, fieldIds) }));
  },
  { permission: 'pii.unmasked', audit: phiRead('privacy.samples_viewed') },
);
