// A function's declared settings as the destination settings form and validator
// know them (lib/destinations/settings-schema.ts): one form and one set of rules
// for catalog destinations and connected functions alike.
import { FUNCTION_DESTINATION, type CatalogEntry, type SettingField } from '@/lib/destinations/catalog';
import type { FunctionSettingDef } from '@/lib/functions/types';

const FIELD_TYPE = { string: 'text', number: 'number', boolean: 'boolean', secret: 'secret' } as const;

export function functionSettingFields(defs: readonly FunctionSettingDef[]): SettingField[] {
  return defs.map((d) => ({
    key: d.name,
    label: d.label,
    type: FIELD_TYPE[d.type],
    required: d.required,
    ...(d.description ? { help: d.description } : {}),
  }));
}

/** The catalog entry a connected Destination Function's settings are validated and shown with. */
export function functionCatalogEntry(defs: readonly FunctionSettingDef[]): CatalogEntry {
  return { ...FUNCTION_DESTINATION, settings: functionSettingFields(defs) };
}
