// A row as JSON sends it: its Date fields become ISO text (what Date#toJSON gives), typed so, which
// is the shape route contracts describe (isoTime). Shallow: nested rows are mapped by their DTO.

export type WireDates<T> = {
  [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? Exclude<T[K], Date> | string : T[K];
};

export function wireDates<T extends object>(row: T): WireDates<T> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) out[key] = value instanceof Date ? value.toISOString() : value;
  return out as WireDates<T>;
}
