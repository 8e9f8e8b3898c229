// Shared by the function editor (client) and the sandbox (server): no server imports here.

/** A Destination Function replaces the built-in sender; an Insert Function transforms the event before it. */
export type FunctionKind = 'destination' | 'insert';

export type FunctionSettingType = 'string' | 'boolean' | 'number' | 'secret';

/** A setting the function declares; each connected instance supplies a value. Secret values are masked in the UI. */
export interface FunctionSettingDef {
  name: string;
  label: string;
  type: FunctionSettingType;
  required: boolean;
  description?: string;
}

/** The handler names of Segment's Functions contract, in the order the editor lists them. */
export const FUNCTION_HANDLERS = [
  'onTrack',
  'onIdentify',
  'onPage',
  'onScreen',
  'onGroup',
  'onAlias',
  'onDelete',
  'onBatch',
] as const;
export type FunctionHandlerName = (typeof FUNCTION_HANDLERS)[number];

/** Segment event `type` → the handler that receives it (`delete` is a user-deletion request). */
export const HANDLER_FOR_EVENT_TYPE: Readonly<Record<string, Exclude<FunctionHandlerName, 'onBatch'>>> = {
  track: 'onTrack',
  identify: 'onIdentify',
  page: 'onPage',
  screen: 'onScreen',
  group: 'onGroup',
  alias: 'onAlias',
  delete: 'onDelete',
};

/** The error classes the sandbox defines as globals, as in Segment. */
export const FUNCTION_ERROR_CLASSES = [
  'RetryError',
  'EventNotSupported',
  'DropEvent',
  'ValidationError',
  'InvalidEventPayload',
] as const;
