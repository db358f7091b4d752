import { explainStorageError } from '../store/sqliteErrors';
import type { z } from 'zod';
import { DeskError, toErrorInfo } from '../domain/errors';
import { findOperation, type AreaName } from './contract';
import type { DeskContext } from './desk';
import { handlers } from './handlers';
import type { Operation } from './operation';
import { failure, type ApiError, type DeskResult } from './result';

type AnyHandler = (input: unknown, ctx: DeskContext) => unknown;

function issuePath(issue: z.core.$ZodIssue): string {
  return issue.path.map(String).join('.');
}

/** Input the schema refused: the first problem, named by its field so a form can show it. */
export function invalidInput(error: z.ZodError): { ok: false; error: ApiError } {
  const issue = error.issues[0];
  if (issue === undefined) return failure('invalid_input', 'the input is malformed');
  const field = issuePath(issue);
  return failure('invalid_input', field === '' ? issue.message : `${field}: ${issue.message}`, field === '' ? undefined : field);
}

/** Any error as the envelope's error: a DeskError keeps its code (and field), SQLite's busy becomes db_busy. */
export function errorResult(raw: unknown): { ok: false; error: ApiError } {
  const err = explainStorageError(raw);
  if (err instanceof DeskError) {
    const field = (err as DeskError & { field?: unknown }).field;
    return failure(err.code, err.message, typeof field === 'string' ? field : undefined);
  }
  const info = toErrorInfo(err);
  return failure(info.code, info.message);
}

/**
 * Runs one operation: parses the input with its schema, runs it, checks the answer
 * against the result schema (which also drops anything the schema does not name), and
 * answers the envelope. Never throws. The IPC wrapper (main/ipc.ts) and the HTTP host both
 * come through here.
 */
export async function runOperation(operation: Operation, label: string, rawInput: unknown, run: (input: unknown) => unknown): Promise<DeskResult<unknown>> {
  const input = operation.input.safeParse(rawInput ?? {});
  if (!input.success) return invalidInput(input.error);
  try {
    const value = await run(input.data);
    const result = operation.result.safeParse(value);
    if (!result.success) {
      const issue = result.error.issues[0];
      return failure('internal', `the answer of ${label} does not match the contract (${issue ? `${issuePath(issue)}: ${issue.message}` : 'unknown'})`);
    }
    return { ok: true, value: result.data };
  } catch (err) {
    return errorResult(err);
  }
}

/** The handler of a contract operation, bound to a context; undefined for an unknown name. */
export function contractHandler(ctx: DeskContext, area: string, name: string): { operation: Operation; run: (input: unknown) => unknown } | undefined {
  const operation = findOperation(area, name);
  if (operation === undefined) return undefined;
  const handler = (handlers[area as AreaName] as Record<string, AnyHandler>)[name] as AnyHandler;
  return { operation, run: (input) => handler(input, ctx) };
}

/** Runs a contract operation named from outside (an HTTP path). */
export function callOperation(ctx: DeskContext, area: string, name: string, rawInput: unknown): Promise<DeskResult<unknown>> {
  const found = contractHandler(ctx, area, name);
  if (found === undefined) return Promise.resolve(failure('unknown_operation', `there is no operation ${area}.${name}`));
  return runOperation(found.operation, `${area}.${name}`, rawInput, found.run);
}
