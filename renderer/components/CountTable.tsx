import { formatCount } from '../format/display';

/**
 * A two-column table of counts by some key (rejected rows by reason, Not Sent by channel
 * or category): the key's label, then the rows. Nothing when there are no counts.
 */
export function CountTable({
  caption,
  heading,
  counts,
  label = (key) => key,
  dataKey,
  maxWidth = 320,
  countHeading = 'Rows',
}: {
  /** Read by screen readers only. */
  caption: string;
  heading: string;
  counts: [string, number][];
  label?: (key: string) => string;
  /** A data-* attribute naming each row's key, for tests (`data-channel="sms"`). */
  dataKey?: string;
  maxWidth?: number;
  /** What is counted: rows unless said otherwise (problem lines). */
  countHeading?: string;
}) {
  if (counts.length === 0) return null;
  return (
    <table className="plain" style={{ maxWidth }}>
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{heading}</th>
          <th scope="col" className="num">
            {countHeading}
          </th>
        </tr>
      </thead>
      <tbody>
        {counts.map(([key, n]) => (
          <tr key={key} {...(dataKey ? { [`data-${dataKey}`]: key } : {})}>
            <td>{label(key)}</td>
            <td className="num">{formatCount(n)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
