// The destination catalog. Pure data + lookups, importable from client
// components (the catalog page, the Setup form) and from server code alike.
//
// BAA status reflects public vendor statements as of 2026 and is a *default*:
// an owner can override it per destination when their own contract says
// otherwise (e.g. an enterprise Customer.io or Salesforce agreement).

export type BaaStatus = 'signs' | 'does_not_sign' | 'you_decide';
export type SettingType = 'text' | 'url' | 'select' | 'secret' | 'boolean' | 'number';
export type SettingValue = string | number | boolean;

export interface SettingField {
  key: string;
  label: string;
  type: SettingType;
  required?: boolean;
  /** select only. */
  options?: readonly { value: string; label: string }[];
  help?: string;
  placeholder?: string;
  /** Applied when the field is left out (never for secrets). */
  default?: SettingValue;
  /** text only: a shape check with a readable message. */
  pattern?: { regex: string; message: string };
  /** number only. */
  min?: number;
  max?: number;
  /**
   * Decides which address or account receives the events (a bucket, a project, a
   * region, an account key). URL settings always do. Changing one is an endpoint
   * change: deliveries queued before it are held for an owner to confirm
   * (lib/destinations/endpoint.ts).
   */
  endpoint?: boolean;
}

export type DestinationCategory = 'Analytics' | 'CRM' | 'Marketing Automation' | 'Warehouse' | 'Storage' | 'Raw Data';

export interface CatalogEntry {
  id: string;
  name: string;
  category: DestinationCategory;
  /** Two-letter logo; we ship no vendor artwork. */
  initials: string;
  /** Tailwind classes for the initials tile: white text needs a shade with at least 4.5:1 contrast (WCAG AA). */
  logoClass: string;
  description: string;
  baa: BaaStatus;
  baaNote: string;
  /** Events are streamed to it one by one from the server (cloud mode), which encryption requires. */
  cloudModeStreaming: boolean;
  settings: readonly SettingField[];
}

export const BAA_LABELS: Record<BaaStatus, string> = {
  signs: 'Signs a BAA',
  does_not_sign: 'No BAA',
  you_decide: 'You decide',
};

export const CATEGORIES: readonly DestinationCategory[] = [
  'Analytics',
  'CRM',
  'Marketing Automation',
  'Warehouse',
  'Storage',
  'Raw Data',
];

const REGIONS_AWS = [
  { value: 'us-east-1', label: 'US East (N. Virginia)' },
  { value: 'us-east-2', label: 'US East (Ohio)' },
  { value: 'us-west-2', label: 'US West (Oregon)' },
  { value: 'eu-west-1', label: 'EU (Ireland)' },
  { value: 'eu-central-1', label: 'EU (Frankfurt)' },
] as const;

export const DESTINATION_CATALOG: readonly CatalogEntry[] = [
  {
    id: 'mixpanel',
    name: 'Mixpanel',
    category: 'Analytics',
    initials: 'MX',
    logoClass: 'bg-violet-600 text-white',
    description: 'Product analytics: funnels, retention and user flows.',
    baa: 'does_not_sign',
    baaNote: 'Mixpanel does not sign a BAA; send no PHI in clear.',
    cloudModeStreaming: true,
    settings: [
      {
        key: 'projectToken',
        endpoint: true,
        label: 'Project token',
        type: 'text',
        required: true,
        help: 'Project Settings → Access Keys → Project Token.',
        pattern: { regex: '^[A-Za-z0-9]{16,64}$', message: 'must be 16–64 letters and digits' },
      },
      {
        key: 'apiSecret',
        endpoint: true,
        label: 'API secret',
        type: 'secret',
        required: true,
        help: 'Used to authenticate the /import endpoint. Stored encrypted.',
      },
      {
        key: 'dataResidency',
        endpoint: true,
        label: 'Data residency',
        type: 'select',
        default: 'US',
        options: [
          { value: 'US', label: 'United States' },
          { value: 'EU', label: 'European Union' },
          { value: 'IN', label: 'India' },
        ],
      },
      {
        key: 'endpoint',
        label: 'Endpoint URL',
        type: 'url',
        default: 'https://api.mixpanel.com',
        help: 'EU residency uses https://api-eu.mixpanel.com; override for a proxy or tests.',
      },
    ],
  },
  {
    id: 'google-analytics-4',
    name: 'Google Analytics 4',
    category: 'Analytics',
    initials: 'GA',
    logoClass: 'bg-amber-700 text-white',
    description: 'Web and app analytics through the GA4 Measurement Protocol.',
    baa: 'does_not_sign',
    baaNote: 'Google does not offer a BAA for Google Analytics.',
    cloudModeStreaming: true,
    settings: [
      {
        key: 'measurementId',
        endpoint: true,
        label: 'Measurement ID',
        type: 'text',
        required: true,
        placeholder: 'G-XXXXXXXXXX',
        pattern: { regex: '^G-[A-Z0-9]{4,16}$', message: 'must look like G-XXXXXXXXXX' },
      },
      {
        key: 'apiSecret',
        label: 'Measurement Protocol API secret',
        type: 'secret',
        required: true,
        help: 'Admin → Data Streams → Measurement Protocol API secrets.',
      },
      { key: 'endpoint', label: 'Endpoint URL', type: 'url', default: 'https://www.google-analytics.com/mp/collect' },
    ],
  },
  {
    id: 'amplitude',
    name: 'Amplitude',
    category: 'Analytics',
    initials: 'AM',
    logoClass: 'bg-blue-600 text-white',
    description: 'Product analytics through the HTTP V2 API.',
    baa: 'does_not_sign',
    baaNote: 'Amplitude does not sign a BAA on standard plans.',
    cloudModeStreaming: true,
    settings: [
      {
        key: 'apiKey',
        endpoint: true,
        label: 'API key',
        type: 'secret',
        required: true,
        help: 'Project settings → General → API Key. Stored encrypted.',
      },
      {
        key: 'endpoint',
        label: 'Endpoint URL',
        type: 'url',
        default: 'https://api2.amplitude.com/2/httpapi',
        help: 'EU data center: https://api.eu.amplitude.com/2/httpapi.',
      },
      {
        key: 'minIdLength',
        label: 'Minimum ID length',
        type: 'number',
        min: 1,
        max: 64,
        help: 'Only if your user ids are shorter than Amplitude\u2019s default of 5.',
      },
    ],
  },
  {
    id: 'hubspot',
    name: 'HubSpot',
    category: 'CRM',
    initials: 'HS',
    logoClass: 'bg-orange-700 text-white',
    description: 'Contacts, companies and custom behavioral events.',
    baa: 'does_not_sign',
    baaNote: 'HubSpot does not sign a BAA for this use.',
    cloudModeStreaming: true,
    settings: [
      {
        key: 'accessToken',
        endpoint: true,
        label: 'Private app access token',
        type: 'secret',
        required: true,
        help: 'Settings → Integrations → Private Apps. Stored encrypted.',
      },
      {
        key: 'portalId',
        endpoint: true,
        label: 'Hub ID',
        type: 'text',
        required: true,
        pattern: { regex: '^[0-9]{3,12}$', message: 'must be digits' },
      },
    ],
  },
  {
    id: 'braze',
    name: 'Braze',
    category: 'Marketing Automation',
    initials: 'BZ',
    logoClass: 'bg-slate-800 text-white',
    description: 'Customer engagement: push, email and in-app messaging.',
    baa: 'does_not_sign',
    baaNote: 'Treat Braze as not covered by a BAA unless your contract says otherwise.',
    cloudModeStreaming: true,
    settings: [
      {
        key: 'apiKey',
        endpoint: true,
        label: 'REST API key',
        type: 'secret',
        required: true,
        help: 'Stored encrypted.',
      },
      {
        key: 'restEndpoint',
        label: 'REST endpoint',
        type: 'url',
        required: true,
        placeholder: 'https://rest.iad-01.braze.com',
      },
      { key: 'appId', label: 'App identifier', type: 'text' },
    ],
  },
  {
    id: 'customer-io',
    name: 'Customer.io',
    category: 'Marketing Automation',
    initials: 'CI',
    logoClass: 'bg-emerald-700 text-white',
    description: 'Messaging automation driven by behavioral data.',
    baa: 'signs',
    baaNote: 'Customer.io signs a BAA on its HIPAA-eligible plans; confirm yours.',
    cloudModeStreaming: true,
    settings: [
      { key: 'siteId', endpoint: true, label: 'Site ID', type: 'text', required: true },
      { key: 'apiKey', label: 'Tracking API key', type: 'secret', required: true, help: 'Stored encrypted.' },
      {
        key: 'region',
        endpoint: true,
        label: 'Account region',
        type: 'select',
        default: 'US',
        options: [
          { value: 'US', label: 'United States' },
          { value: 'EU', label: 'European Union' },
        ],
      },
    ],
  },
  {
    id: 'salesforce',
    name: 'Salesforce',
    category: 'CRM',
    initials: 'SF',
    logoClass: 'bg-sky-700 text-white',
    description: 'Leads, contacts and custom objects through the REST API.',
    baa: 'signs',
    baaNote: 'Salesforce signs a BAA for covered services; confirm your org is included.',
    cloudModeStreaming: true,
    settings: [
      {
        key: 'instanceUrl',
        label: 'Instance URL',
        type: 'url',
        required: true,
        placeholder: 'https://yourorg.my.salesforce.com',
      },
      { key: 'clientId', label: 'Connected app consumer key', type: 'text', required: true },
      {
        key: 'clientSecret',
        label: 'Connected app consumer secret',
        type: 'secret',
        required: true,
        help: 'Stored encrypted.',
      },
      { key: 'sandbox', endpoint: true, label: 'Sandbox org', type: 'boolean', default: false },
    ],
  },
  {
    id: 'snowflake',
    name: 'Snowflake',
    category: 'Warehouse',
    initials: 'SN',
    logoClass: 'bg-cyan-700 text-white',
    description: 'Load events into your Snowflake account in batches.',
    baa: 'signs',
    baaNote: 'Snowflake signs a BAA (Business Critical edition).',
    cloudModeStreaming: false,
    settings: [
      {
        key: 'account',
        endpoint: true,
        label: 'Account identifier',
        type: 'text',
        required: true,
        placeholder: 'orgname-accountname',
      },
      { key: 'warehouse', label: 'Warehouse', type: 'text', required: true },
      { key: 'database', endpoint: true, label: 'Database', type: 'text', required: true },
      { key: 'schema', endpoint: true, label: 'Schema', type: 'text', default: 'PRIVACY_CONSOLE' },
      { key: 'username', label: 'User', type: 'text', required: true },
      { key: 'password', label: 'Password', type: 'secret', required: true, help: 'Stored encrypted.' },
    ],
  },
  {
    id: 'bigquery',
    name: 'Google BigQuery',
    category: 'Warehouse',
    initials: 'BQ',
    logoClass: 'bg-blue-700 text-white',
    description: 'Load events into a BigQuery dataset in batches.',
    baa: 'signs',
    baaNote: 'BigQuery is covered by the Google Cloud BAA.',
    cloudModeStreaming: false,
    settings: [
      {
        key: 'projectId',
        endpoint: true,
        label: 'Project ID',
        type: 'text',
        required: true,
        pattern: { regex: '^[a-z][a-z0-9-]{4,28}[a-z0-9]$', message: 'must be a Google Cloud project id' },
      },
      {
        key: 'dataset',
        endpoint: true,
        label: 'Dataset',
        type: 'text',
        required: true,
        pattern: { regex: '^[A-Za-z0-9_]{1,1024}$', message: 'may contain letters, digits and underscores only' },
      },
      {
        key: 'location',
        endpoint: true,
        label: 'Location',
        type: 'select',
        default: 'US',
        options: [
          { value: 'US', label: 'US (multi-region)' },
          { value: 'EU', label: 'EU (multi-region)' },
        ],
      },
      {
        key: 'serviceAccountJson',
        label: 'Service account key (JSON)',
        type: 'secret',
        required: true,
        help: 'Stored encrypted.',
      },
    ],
  },
  {
    id: 'amazon-s3',
    name: 'Amazon S3',
    category: 'Storage',
    initials: 'S3',
    logoClass: 'bg-rose-600 text-white',
    description: 'Write batched event files to an S3 bucket.',
    baa: 'signs',
    baaNote: 'S3 is a HIPAA-eligible service under the AWS BAA.',
    cloudModeStreaming: false,
    settings: [
      {
        key: 'bucket',
        endpoint: true,
        label: 'Bucket name',
        type: 'text',
        required: true,
        pattern: { regex: '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$', message: 'must be a valid S3 bucket name' },
      },
      { key: 'region', endpoint: true, label: 'Region', type: 'select', default: 'us-east-1', options: REGIONS_AWS },
      { key: 'prefix', endpoint: true, label: 'Key prefix', type: 'text', placeholder: 'events/' },
      { key: 'accessKeyId', label: 'Access key ID', type: 'text', required: true },
      { key: 'secretAccessKey', label: 'Secret access key', type: 'secret', required: true, help: 'Stored encrypted.' },
    ],
  },
  {
    id: 'webhook',
    name: 'Webhooks',
    category: 'Raw Data',
    initials: 'WH',
    logoClass: 'bg-slate-600 text-white',
    description: 'POST each event as JSON to a URL you control, signed with HMAC-SHA256.',
    baa: 'you_decide',
    baaNote: 'You operate the receiving system: record whether a BAA covers it.',
    cloudModeStreaming: true,
    settings: [
      {
        key: 'url',
        label: 'Webhook URL',
        type: 'url',
        required: true,
        placeholder: 'https://example.com/hooks/events',
      },
      {
        key: 'sharedSecret',
        label: 'Shared secret',
        type: 'secret',
        required: true,
        help: 'Signs every request (X-Signature: HMAC-SHA256 of the body). Stored encrypted.',
      },
      { key: 'timeoutMs', label: 'Timeout (ms)', type: 'number', default: 10_000, min: 1_000, max: 30_000 },
      {
        key: 'batchSize',
        label: 'Events per request',
        type: 'number',
        default: 1,
        min: 1,
        max: 100,
        help: '1 sends one POST per event. More sends up to that many events per POST as a JSON array (as Segment’s Webhooks (Actions) batching does).',
      },
    ],
  },
  {
    id: 'http-forwarder',
    name: 'Segment-compatible HTTP forwarder',
    category: 'Raw Data',
    initials: 'HF',
    logoClass: 'bg-teal-700 text-white',
    description: 'Forward events to any endpoint that speaks Segment\u2019s HTTP Tracking API.',
    baa: 'you_decide',
    baaNote: 'Depends on who runs the receiving endpoint.',
    cloudModeStreaming: true,
    settings: [
      {
        key: 'endpoint',
        label: 'Endpoint URL',
        type: 'url',
        required: true,
        placeholder: 'https://api.segment.io/v1',
        help: 'Base URL; /batch is appended.',
      },
      {
        key: 'writeKey',
        endpoint: true,
        label: 'Write key',
        type: 'secret',
        required: true,
        help: 'Sent as HTTP Basic username. Stored encrypted.',
      },
    ],
  },
];

/** The catalog id of a connected Destination Function (its settings come from the function). */
export const FUNCTION_CATALOG_ID = 'function';

/**
 * A connected Destination Function. Not listed in the catalog (it is reached from
 * Catalog → Functions); its code decides what is sent where, so there is no
 * built-in encryption, and whether a BAA covers the receiver is the owner's call.
 */
export const FUNCTION_DESTINATION: CatalogEntry = {
  id: FUNCTION_CATALOG_ID,
  name: 'Destination Function',
  category: 'Raw Data',
  initials: 'FN',
  logoClass: 'bg-indigo-700 text-white',
  description: 'Your own code receives each event and sends it where it wants, through the SSRF guard.',
  baa: 'you_decide',
  baaNote: 'The function sends wherever its code sends: record whether a BAA covers that receiver.',
  cloudModeStreaming: false,
  settings: [],
};

const BY_ID = new Map([...DESTINATION_CATALOG, FUNCTION_DESTINATION].map((e) => [e.id, e]));

export function catalogEntry(id: string): CatalogEntry | undefined {
  return BY_ID.get(id);
}

/** The BAA status that applies: the owner's override when set, otherwise the catalog default. */
export function effectiveBaa(catalogBaa: BaaStatus, override: boolean | null | undefined): BaaStatus {
  if (override === true) return 'signs';
  if (override === false) return 'does_not_sign';
  return catalogBaa;
}

/** Case-insensitive search over name, category and description, plus an optional category filter. */
export function searchCatalog(query: string, category?: string): CatalogEntry[] {
  const q = query.trim().toLowerCase();
  return DESTINATION_CATALOG.filter(
    (e) =>
      (!category || e.category === category) &&
      (!q ||
        e.name.toLowerCase().includes(q) ||
        e.category.toLowerCase().includes(q) ||
        e.description.toLowerCase().includes(q)),
  );
}
