/**
 * Custom search attributes of trajectory workflows. Never personal data: only the facts a
 * beheerder filters on.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const GemeenteKey = defineSearchAttributeKey('Gemeente', SearchAttributeType.KEYWORD);
export const PhaseKey = defineSearchAttributeKey('Phase', SearchAttributeType.KEYWORD);
export const LeerrouteKey = defineSearchAttributeKey('Leerroute', SearchAttributeType.KEYWORD);
export const TargetGroupKey = defineSearchAttributeKey('TargetGroup', SearchAttributeType.KEYWORD);
export const PipDeadlineKey = defineSearchAttributeKey('PipDeadline', SearchAttributeType.DATETIME);

export const TRAJECTORY_SEARCH_ATTRIBUTES = [GemeenteKey, PhaseKey, LeerrouteKey, TargetGroupKey, PipDeadlineKey];

/** `--search-attribute Name=Type` arguments for `temporal server start-dev`. */
export function devServerSearchAttributeArgs(): string[] {
  const typeNames: Record<string, string> = {
    [SearchAttributeType.KEYWORD]: 'Keyword',
    [SearchAttributeType.DATETIME]: 'Datetime',
  };
  return TRAJECTORY_SEARCH_ATTRIBUTES.flatMap((key) => ['--search-attribute', `${key.name}=${typeNames[key.type]}`]);
}
