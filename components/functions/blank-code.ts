import type { FunctionKind, FunctionSettingDef } from '@/lib/functions/types';

// "Blank" in New Function: the smallest code that loads, so Save and Test work at once.
// The handler contract is Segment's: async (event, settings), one handler per event type.
const BLANK: Record<FunctionKind, string> = {
  destination: `// A Destination Function receives each event from its source and sends it on with fetch().
// settings.<name> holds the values of the settings declared in the Settings panel.
// Throw RetryError to have the delivery retried, ValidationError to fail it, DropEvent to drop it.

async function onTrack(event, settings) {
  const response = await fetch(settings.endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(event),
  });
  if (response.status >= 500 || response.status === 429) {
    throw new RetryError('The endpoint answered ' + response.status);
  }
  return { status: response.status };
}
`,
  insert: `// An Insert Function changes each event before the destination receives it.
// Return the event to pass it on, or null to drop it.

async function onTrack(event, settings) {
  return event;
}

async function onIdentify(event, settings) {
  return event;
}
`,
};

export function blankCode(kind: FunctionKind): string {
  return BLANK[kind];
}

export function blankSettings(kind: FunctionKind): FunctionSettingDef[] {
  return kind === 'destination' ? [{ name: 'endpoint', label: 'Endpoint', type: 'string', required: true }] : [];
}
