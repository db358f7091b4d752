import type { ReactNode } from 'react';
import { formatCount } from '../format/display';

/** One figure of a report's `<dl className="stats">`; `stat` names it for tests (`data-stat`). */
export function Stat({ label, value, stat, title, children }: { label: string; value: number | string; stat?: string; title?: string; children?: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd data-stat={stat} title={title}>
        {typeof value === 'number' ? formatCount(value) : value}
        {children}
      </dd>
    </div>
  );
}
