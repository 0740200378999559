// The JSON body parser for /api/v1: express.json with a size limit (413) and
// the depth limit checked on the raw text before JSON.parse (400), so a deep
// body costs one pass over its bytes and nothing downstream ever walks it.
import { jsonNestsDeeperThan, MAX_JSON_DEPTH, tooDeepIssue } from '@relay/contracts';
import express, { type RequestHandler } from 'express';
import { AppError } from '../errors/app-error.ts';

/** body-parser keeps a verify error's type; the error handler maps this one to the 400 below. */
export const TOO_DEEP_TYPE = 'entity.too.deep';

export const tooDeepError = () =>
  new AppError('bad_request', 'the request body is nested too deeply', [tooDeepIssue(MAX_JSON_DEPTH)]);

/** The body's text: UTF-8 read byte for byte (no structural character is part of a multi-byte sequence). */
function textOf(body: Buffer, encoding: string | null): string {
  if (!encoding || /^utf-?8$/i.test(encoding)) return body.toString('latin1');
  try {
    return new TextDecoder(encoding).decode(body);
  } catch {
    // A charset body-parser knows and TextDecoder does not (UTF-32): no client sends it, refused as 415.
    throw Object.assign(new Error(`unsupported charset "${encoding}"`), { type: 'charset.unsupported' });
  }
}

export function refuseDeepJson(body: Buffer, encoding: string | null): void {
  if (jsonNestsDeeperThan(textOf(body, encoding), MAX_JSON_DEPTH)) {
    throw Object.assign(new Error('the request body is nested too deeply'), { type: TOO_DEEP_TYPE });
  }
}

export function jsonBody(limit: string): RequestHandler {
  return express.json({ limit, verify: (_req, _res, body, encoding) => refuseDeepJson(body, encoding) });
}
