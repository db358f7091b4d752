/**
 * Problem kinds and rejection reasons (src/jobs/problems.ts, src/domain/normalized.ts) in
 * the words a compliance officer reads; an unknown code shows as written.
 */
const PROBLEM_WORDS: Record<string, string> = {
  invalid_email: 'Email address not valid',
  invalid_mobile: 'Mobile number not possible',
  invalid_customer_id: 'Customer ID not valid',
  scientific_notation: 'Mobile in Excel scientific notation (digits lost)',
  empty: 'Empty identifier',
  too_long: 'Identifier too long',
  control_characters: 'Identifier with a control character',
  missing_identifier: 'No identifier in the row',
  missing_from: 'No sender number',
  channel_not_carried: 'Channel the row has no identifier for (not applied)',
  unknown_flag: 'Channel cell neither yes nor no',
  unknown_category: 'Category not recognised (job category used)',
  unreadable_date: 'Date not readable (dated at import)',
  missing_date: 'No date (dated at import)',
  date_out_of_range: 'Date before 1970 or in the future',
  date_order_contradiction: 'Date written in the other day/month order',
  conflict: 'Identifiers of two people (blocked separately)',
  mobile_not_valid_for_country: 'Mobile not valid for its country (blocked — check it)',
};

export function problemWords(kind: string): string {
  return PROBLEM_WORDS[kind] ?? kind.replace(/_/g, ' ');
}

/** `Done — 1 problem`, `Done — 1,204 problems`. */
export function problemCount(n: number, format: (n: number) => string): string {
  return `${format(n)} problem${n === 1 ? '' : 's'}`;
}
