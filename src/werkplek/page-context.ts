/** What every werkplek page module gets: the API's dependencies, the renderer and the role guard. */
import type { RequestHandler } from 'express';
import type { ResolvedApiDeps } from '../api/http/deps';
import type { PeopleRole } from './auth/claims';
import type { Renderer } from './render';

export interface PageContext {
  deps: ResolvedApiDeps;
  render: Renderer;
  /** Only these roles may open the page; others get 403, people not signed in go to sign-in. */
  allow(...roles: PeopleRole[]): RequestHandler;
  temporalUiUrl: string | undefined;
}
