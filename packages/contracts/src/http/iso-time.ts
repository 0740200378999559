import { z } from 'zod';

/** A timestamp on the wire: ISO 8601 with an offset (the API sends Date#toISOString, so "…Z"). */
export const isoTime = z.iso.datetime({ offset: true });
