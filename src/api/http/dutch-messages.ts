/**
 * Validation messages in Dutch, for the API and the werkplek's forms alike: zod 4's Dutch locale,
 * with plainer words for the messages people see most (a missing field, a wrong kind of value,
 * a choice outside the list). Messages a schema sets itself (e.g. the BSN elfproef) stay as written.
 */
import { z } from 'zod';
import { nl } from 'zod/locales';

const TYPE_WORDS: Record<string, string> = {
  string: 'Vul tekst in',
  number: 'Vul een getal in',
  int: 'Vul een heel getal in',
  boolean: 'Kies ja of nee (true of false)',
  array: 'Verwacht een lijst',
  object: 'Verwacht een object met velden',
  date: 'Vul een datum in',
};

let configured = false;

export function useDutchValidationMessages(): void {
  if (configured) return;
  configured = true;
  const locale = nl();
  z.config({
    ...locale,
    customError: (issue) => {
      if ((issue.code === 'invalid_type' || issue.code === 'invalid_value') && issue.input === undefined) {
        return 'Dit veld is verplicht';
      }
      if (issue.code === 'invalid_type') return TYPE_WORDS[issue.expected] ?? undefined;
      if (issue.code === 'invalid_value' && issue.values.length <= 20) {
        return `Kies een van: ${issue.values.map(String).join(', ')}`;
      }
      if (issue.code === 'unrecognized_keys') {
        return `Onbekend veld: ${issue.keys.join(', ')}`;
      }
      return undefined;
    },
  });
}
