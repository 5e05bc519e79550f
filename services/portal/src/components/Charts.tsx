import { Bar, BarChart, CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatCount } from '../format';
import type { TimePoint } from '../series';

export interface Point {
  name: string;
  value: number;
}

/**
 * A share distribution (audience ages, countries…) as a bar chart. Screen readers get the same
 * numbers as a table, so the drawing is hidden from them and kept out of the tab order.
 */
export default function ShareChart({ title, data, percent = true }: { title: string; data: Point[]; percent?: boolean }) {
  const fmt = (v: number) => (percent ? `${(v * 100).toFixed(1)}%` : v.toLocaleString('en-US'));
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <div className="chart-box" aria-hidden="true">
        <ResponsiveContainer width="100%" height={200}>
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 0 }} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="name" tick={{ fontSize: 12 }} />
            <YAxis tickFormatter={fmt} width={52} tick={{ fontSize: 12 }} />
            <Tooltip formatter={(v) => fmt(Number(v))} />
            <Bar dataKey="value" fill="#2b59c3" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <table className="sr-only">
        <caption>{title}</caption>
        <tbody>
          {data.map((d) => (
            <tr key={d.name}>
              <th scope="row">{d.name}</th>
              <td>{fmt(d.value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

/**
 * A series over time (followers per day as a line, views per video as bars), with its headline
 * under the title. Like the share charts, the drawing is hidden from screen readers, which
 * read the points as a table.
 */
export function TimeChart({ title, summary, data, kind, column }: { title: string; summary?: string | null; data: TimePoint[]; kind: 'line' | 'bar'; column: string }) {
  const tooltip = (_: unknown, __: unknown, item: { payload?: TimePoint }) => [item.payload?.text ?? '', ''];
  const axes = (
    <>
      <CartesianGrid strokeDasharray="3 3" vertical={false} />
      <XAxis dataKey="label" tick={{ fontSize: 12 }} interval="preserveStartEnd" minTickGap={16} />
      <YAxis tickFormatter={(v: number) => formatCount(v)} width={52} tick={{ fontSize: 12 }} domain={kind === 'line' ? ['auto', 'auto'] : [0, 'auto']} />
      <Tooltip formatter={tooltip} separator="" />
    </>
  );
  return (
    <figure className="chart">
      <figcaption>
        {title}
        {summary && <span className="chart-summary">{summary}</span>}
      </figcaption>
      <div className="chart-box" aria-hidden="true">
        <ResponsiveContainer width="100%" height={220}>
          {kind === 'line' ? (
            <LineChart data={data} margin={{ top: 8, right: 12, bottom: 8, left: 0 }} accessibilityLayer={false}>
              {axes}
              <Line type="linear" dataKey="value" stroke="#2b59c3" strokeWidth={2} dot={data.length < 20} isAnimationActive={false} />
            </LineChart>
          ) : (
            <BarChart data={data} margin={{ top: 8, right: 12, bottom: 8, left: 0 }} accessibilityLayer={false}>
              {axes}
              <Bar dataKey="value" fill="#2b59c3" isAnimationActive={false} />
            </BarChart>
          )}
        </ResponsiveContainer>
      </div>
      <table className="sr-only">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">{column}</th>
          </tr>
        </thead>
        <tbody>
          {data.map((d) => (
            <tr key={d.key}>
              <th scope="row">{d.label}</th>
              <td>{d.text}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
