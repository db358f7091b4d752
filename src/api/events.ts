import { z } from 'zod';
import { jobProgressSchema, jobReportSchema, jobViewSchema } from './views';

/**
 * What the core pushes to the UI. `menu:command` comes only from Electron's menu
 * (Ctrl/Cmd+F, Ctrl/Cmd+N); in the browser the renderer handles those keys itself.
 */
export const eventSchemas = {
  'job:progress': jobProgressSchema,
  'job:finished': z.object({ job: jobViewSchema, report: jobReportSchema.nullable() }),
  'menu:command': z.object({ command: z.enum(['focus-search', 'new-block']) }),
};
export type DeskEventName = keyof typeof eventSchemas;
export type DeskEvent<N extends DeskEventName> = z.infer<(typeof eventSchemas)[N]>;
export const EVENT_NAMES = Object.keys(eventSchemas) as DeskEventName[];
