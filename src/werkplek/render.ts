/**
 * Server-side rendering with Eta templates (`views/`, auto-escaped): every page gets the layout
 * (gemeente name, navigation for the role, sign-out form), the CSRF token for its forms, Dutch
 * date helpers and the labels of the domain's codes.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Eta } from 'eta';
import type { Request, Response } from 'express';
import * as labels from '../domain/labels';
import { NAVIGATION } from './navigation';
import { pageLinks } from './pagination';

export const VIEWS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'views');

export function createViews(options: { cache: boolean }): Eta {
  return new Eta({ views: VIEWS_DIR, cache: options.cache, autoEscape: true, autoTrim: false });
}

export function gemeenteName(id: string | null): string {
  if (id === null) return 'Regio (alle gemeenten)';
  return id
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('-');
}

/** Helpers available in every template as `it.h`. */
export const helpers = {
  ...labels,
  gemeenteName,
  pageLinks,
  /** A whole number as the Dutch write it: 10.000. */
  dutchNumber: (value: number) => value.toLocaleString('nl-NL'),
  /** Query string with one value changed (filters, paging). */
  withQuery(base: string, query: Record<string, unknown>, change: Record<string, string | number | undefined>): string {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries({ ...query, ...change })) {
      if (value !== undefined && value !== '') params.set(key, String(value));
    }
    const text = params.toString();
    return text ? `${base}?${text}` : base;
  },
};

export interface PageData {
  title: string;
  [key: string]: unknown;
}

export interface Renderer {
  page(req: Request, res: Response, view: string, data: PageData, status?: number): void;
}

export function createRenderer(views: Eta, csrfToken: (req: Request, res: Response) => string): Renderer {
  return {
    page(req, res, view, data, status = 200) {
      const user = req.session?.user ?? null;
      const flash = req.session?.flash;
      if (flash) delete req.session.flash;
      const html = views.render(view, {
        ...data,
        h: helpers,
        user,
        flash,
        nav: user ? NAVIGATION[user.role] : [],
        currentPath: req.path,
        csrfToken: req.session ? csrfToken(req, res) : '',
        gemeente: user ? gemeenteName(user.gemeente) : null,
      });
      res.status(status).type('html').send(html);
    },
  };
}

/**
 * Post/redirect/get with a message for the next page. The session is saved *before* the redirect
 * goes out, so the next request (which may arrive before a lazy save) finds the message.
 */
export function redirectWithMessage(req: Request, res: Response, location: string, message: string): void {
  req.session.flash = message;
  req.session.save((error) => {
    if (error) return res.status(500).end();
    res.redirect(303, location);
  });
}
