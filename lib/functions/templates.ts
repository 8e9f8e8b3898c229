// Starting points offered by the function editor. Plain data with no server imports: the client
// editor imports this module. The code is written against Segment's Functions contract, so a
// template copied from here also runs on Segment, and Segment recipes run here unchanged.
import type { FunctionKind, FunctionSettingDef } from '@/lib/functions/types';

export type { FunctionKind, FunctionSettingDef } from '@/lib/functions/types';

export interface FunctionTemplate {
  id: string;
  name: string;
  description: string;
  kind: FunctionKind;
  code: string;
  settings: FunctionSettingDef[];
}

// Segment's recipe "Sending data to a non-HIPAA compliant or non-BAA destination", written out in
// full: every spelling of the name fields goes, in properties and in traits, and the email is
// normalised before it is keyed so that "Ada@Example.com " and "ada@example.com" pseudonymise alike.
const removePhiCode = `// Removes PHI before an event reaches a destination without a BAA:
// first and last names are deleted and the email is replaced by its HMAC.

function isNameField(key) {
  const k = key.toLowerCase().replace(/[^a-z]/g, '');
  return k === 'firstname' || k === 'lastname';
}

function pseudonymise(email, settings) {
  return crypto
    .createHmac(settings.algorithm || 'sha256', settings.secret)
    .update(email.trim().toLowerCase())
    .digest(settings.digest || 'hex');
}

function scrub(fields, settings) {
  if (!fields || typeof fields !== 'object') return;
  for (const key of Object.keys(fields)) {
    if (isNameField(key)) delete fields[key];
  }
  if (typeof fields.email === 'string' && fields.email.trim() !== '') {
    fields.email = pseudonymise(fields.email, settings);
  }
}

async function send(event, settings) {
  scrub(event.properties, settings);
  scrub(event.traits, settings);
  scrub(event.context && event.context.traits, settings);

  let response;
  try {
    response = await fetch(settings.endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'text/plain' },
      body: JSON.stringify([event]),
    });
  } catch (error) {
    // Retry on connection error
    throw new RetryError(error.message);
  }
  if (response.status >= 500 || response.status === 429) {
    throw new RetryError('The endpoint answered ' + response.status);
  }
  if (!response.ok) {
    throw new ValidationError('The endpoint rejected the event with ' + response.status);
  }
  return event;
}

async function onTrack(event, settings) {
  return send(event, settings);
}

async function onIdentify(event, settings) {
  return send(event, settings);
}

async function onPage(event, settings) {
  return send(event, settings);
}

async function onScreen(event, settings) {
  return send(event, settings);
}

async function onGroup(event, settings) {
  return send(event, settings);
}
`;

const webhookCode = `// Forwards each event as JSON to a URL. With a signing secret, the body's HMAC-SHA256
// goes in the X-Signature header so the receiver can check where the event came from.

async function post(payload, settings) {
  const body = JSON.stringify(payload);
  const headers = { 'Content-Type': 'application/json' };
  if (settings.signingSecret) {
    headers['X-Signature'] = crypto.createHmac('sha256', settings.signingSecret).update(body).digest('hex');
  }

  let response;
  try {
    response = await fetch(settings.url, { method: 'POST', headers, body });
  } catch (error) {
    throw new RetryError(error.message);
  }
  if (response.status >= 500 || response.status === 429) {
    throw new RetryError('The webhook answered ' + response.status);
  }
  if (!response.ok) {
    throw new ValidationError('The webhook rejected the request with ' + response.status);
  }
  return { status: response.status };
}

async function onTrack(event, settings) {
  return post(event, settings);
}

async function onIdentify(event, settings) {
  return post(event, settings);
}

async function onPage(event, settings) {
  return post(event, settings);
}

async function onScreen(event, settings) {
  return post(event, settings);
}

async function onGroup(event, settings) {
  return post(event, settings);
}

async function onAlias(event, settings) {
  return post(event, settings);
}

async function onBatch(events, settings) {
  return post(events, settings);
}
`;

const dropPropertyCode = `// Removes one property from every event before the destination receives it.
// Returning the event passes it on; returning null would drop the whole event.

function strip(event, settings) {
  const name = settings.property || 'ssn';
  if (event.properties) delete event.properties[name];
  if (event.traits) delete event.traits[name];
  if (event.context && event.context.traits) delete event.context.traits[name];
  return event;
}

async function onTrack(event, settings) {
  return strip(event, settings);
}

async function onIdentify(event, settings) {
  return strip(event, settings);
}

async function onPage(event, settings) {
  return strip(event, settings);
}

async function onScreen(event, settings) {
  return strip(event, settings);
}

async function onGroup(event, settings) {
  return strip(event, settings);
}
`;

export const FUNCTION_TEMPLATES: readonly FunctionTemplate[] = [
  {
    id: 'remove-phi-non-baa',
    name: 'Remove PHI before a non-BAA destination',
    description:
      "Segment's recipe: deletes first and last names from properties and traits, replaces the email with its HMAC, " +
      'and POSTs the event to an endpoint that must not receive PHI.',
    kind: 'destination',
    code: removePhiCode,
    settings: [
      {
        name: 'endpoint',
        label: 'Endpoint',
        type: 'string',
        required: true,
        description: 'The URL the events are POSTed to.',
      },
      {
        name: 'secret',
        label: 'HMAC secret',
        type: 'secret',
        required: true,
        description: 'The key the email is hashed with.',
      },
      {
        name: 'algorithm',
        label: 'Algorithm',
        type: 'string',
        required: false,
        description: 'Hash algorithm; sha256 when empty.',
      },
      {
        name: 'digest',
        label: 'Digest encoding',
        type: 'string',
        required: false,
        description: 'hex (default), base64 or base64url.',
      },
    ],
  },
  {
    id: 'webhook-forwarder',
    name: 'Webhook forwarder',
    description: 'POSTs every event (and batches) as JSON to a URL, optionally signed with HMAC-SHA256.',
    kind: 'destination',
    code: webhookCode,
    settings: [
      { name: 'url', label: 'Webhook URL', type: 'string', required: true },
      {
        name: 'signingSecret',
        label: 'Signing secret',
        type: 'secret',
        required: false,
        description: 'When set, the X-Signature header carries the hex HMAC-SHA256 of the body.',
      },
    ],
  },
  {
    id: 'drop-property',
    name: 'Drop a property',
    description:
      'Insert function: removes one property from properties and traits before the destination sees the event.',
    kind: 'insert',
    code: dropPropertyCode,
    settings: [
      { name: 'property', label: 'Property name', type: 'string', required: false, description: 'Defaults to ssn.' },
    ],
  },
];

export function findFunctionTemplate(id: string): FunctionTemplate | undefined {
  return FUNCTION_TEMPLATES.find((t) => t.id === id);
}
