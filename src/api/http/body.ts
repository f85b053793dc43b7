/**
 * Body handling: JSON only, size-limited. A body with another content type is 415, an oversized
 * one 413, malformed JSON 400 (the parser errors are translated in problem-middleware.ts).
 */
import express, { type RequestHandler } from 'express';
import { AppError } from './errors';

export function jsonBody(limit: string): RequestHandler[] {
  const requireJson: RequestHandler = (req, _res, next) => {
    const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
    if (hasBody && !req.is(['application/json', 'application/*+json'])) {
      next(new AppError('UNSUPPORTED_MEDIA_TYPE', 'Stuur de body als JSON (Content-Type: application/json).'));
      return;
    }
    next();
  };
  return [requireJson, express.json({ limit, strict: true, type: ['application/json', 'application/*+json'] })];
}
