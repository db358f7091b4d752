import type { AreaName, OperationName, OperationParsedInput, OperationResult } from './contract';
import type { DeskContext } from './desk';

/** Serves one operation: gets the input its schema parsed, answers its result or throws a DeskError. */
export type Handler<A extends AreaName, O extends OperationName<A>> = (
  input: OperationParsedInput<A, O>,
  ctx: DeskContext,
) => OperationResult<A, O> | Promise<OperationResult<A, O>>;

export type AreaHandlers<A extends AreaName> = { [O in OperationName<A>]: Handler<A, O> };
