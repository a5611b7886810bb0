/** The slice of a zod schema the check needs: the contract's request schemas (shared/src/api/*.ts) fit it. */
export interface ContractSchema<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: ReadonlyArray<ContractIssue> } };
}

/** One fault the contract found: where (`path`, the field first) and the contract's own message. */
export interface ContractIssue {
  path: ReadonlyArray<PropertyKey>;
  message: string;
}

/**
 * The member's (or manager's) words for each field's fault, by the field's name: fixed words ("请填写标题，20 字以内")
 * or words picked by the contract's message (a nickname too long, or with hidden characters).
 */
export type FieldFaults = Record<string, string | ((issue: ContractIssue) => string)>;

export type ContractCheck<T> =
  | { ok: true; value: T; problems: Record<string, never>; first?: undefined }
  /** `problems`: the words for each field at fault; `first`: the first of them (in the contract's order), for a toast. */
  | { ok: false; value?: undefined; problems: Record<string, string>; first: string };

/** Said of a field the screen has no words for: never the contract's English. */
export const GENERIC_FAULT = '填写的内容有误，请检查后再试';

/**
 * Checks what a screen is about to send against the same schema the server checks it with, and names each field
 * at fault in the words given, before anything is sent (so a button never "sends" what the server would refuse
 * with a generic error). `value` on success is what the schema makes of it (trimmed text, defaults).
 */
export function checkContract<T>(
  schema: ContractSchema<T>,
  input: unknown,
  faults: FieldFaults,
  fallback: string = GENERIC_FAULT,
): ContractCheck<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data, problems: {} };
  const problems: Record<string, string> = {};
  let first: string | undefined;
  for (const issue of parsed.error.issues) {
    const field = issue.path.length > 0 ? String(issue.path[0]) : '';
    if (field in problems) continue;
    const words = faults[field];
    const text = typeof words === 'function' ? words(issue) : (words ?? fallback);
    problems[field] = text;
    first ??= text;
  }
  return { ok: false, problems, first: first ?? fallback };
}
