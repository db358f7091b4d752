import type { z } from 'zod';

/** One operation of the contract: what it takes and what it answers, both as zod schemas. */
export interface Operation<I extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  input: I;
  result: R;
  /** One line for readers of the contract. */
  summary: string;
}

export function operation<I extends z.ZodType, R extends z.ZodType>(input: I, result: R, summary: string): Operation<I, R> {
  return { input, result, summary };
}

/** What a caller passes (defaults may be left out) and what it gets back. */
export type InputOf<O> = O extends Operation<infer I, z.ZodType> ? z.input<I> : never;
export type ParsedInputOf<O> = O extends Operation<infer I, z.ZodType> ? z.output<I> : never;
export type ResultOf<O> = O extends Operation<z.ZodType, infer R> ? z.output<R> : never;
