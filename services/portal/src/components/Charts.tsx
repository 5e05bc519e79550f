import type { ReactElement } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatCount } from '../format';
import type { TimePoint } from '../series';

export interface Point {
  name: string;
  value: number;
}

/**
 * A chart with its caption. Screen readers get the same numbers as a table, so the drawing is
 * hidden from them and kept out of the tab order.
 */
function ChartFigure({ title, summary, height, columns, rows, children }: { title: string; summary?: string | null; height: number; columns?: [string, string]; rows: { key: string; name: string; text: string }[]; children: ReactElement }) {
  return (
    <figure className="chart">
      <figcaption>
        {title}
        {summary && <span className="chart-summary">{summary}</span>}
      </figcaption>
      <div className="chart-box" aria-hidden="true">
        <ResponsiveContainer width="100%" height={height}>
          {children}
        </ResponsiveContainer>
      </div>
      <table className="sr-only">
        <caption>{title}</caption>
        {columns && (
          <thead>
            <tr>
              <th scope="col">{columns[0]}</th>
              <th scope="col">{columns[1]}</th>
            </tr>
          </thead>
        )}
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">{r.name}</th>
              <td>{r.text}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

/** A share distribution (audience ages, countries…) as a bar chart. */
export default function ShareChart({ title, data, percent = true }: { title: string; data: Point[]; percent?: boolean }) {
  const fmt = (v: number) => (percent ? `${(v * 100).toFixed(1)}%` : v.toLocaleString('en-US'));
  return (
    <ChartFigure title={title} height={200} rows={data.map((d) => ({ key: d.name, name: d.name, text: fmt(d.value) }))}>
      <BarChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 0 }} accessibilityLayer={false}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="name" tick={{ fontSize: 12 }} />
        <YAxis tickFormatter={fmt} width={52} tick={{ fontSize: 12 }} />
        <Tooltip formatter={(v) => fmt(Number(v))} />
        <Bar dataKey="value" fill="#2b59c3" isAnimationActive={false} />
      </BarChart>
    </ChartFigure>
  );
}

/** A series over time (followers per day as a line, views per video as bars), with its headline under the title. */
export function TimeChart({ title, summary, data, kind, column }: { title: string; summary?: string | null; data: TimePoint[]; kind: 'line' | 'bar'; column: string }) {
  const tooltip = (_: unknown, __: unknown, item: { payload?: TimePoint }) => [item.payload?.text ?? '', ''];
  const margin = { top: 8, right: 12, bottom: 8, left: 0 };
  const axes = [
    <CartesianGrid key="grid" strokeDasharray="3 3" vertical={false} />,
    <XAxis key="x" dataKey="label" tick={{ fontSize: 12 }} interval="preserveStartEnd" minTickGap={16} />,
    <YAxis key="y" tickFormatter={(v: number) => formatCount(v)} width={52} tick={{ fontSize: 12 }} domain={kind === 'line' ? ['auto', 'auto'] : [0, 'auto']} />,
    <Tooltip key="tip" formatter={tooltip} separator="" />,
  ];
  return (
    <ChartFigure title={title} summary={summary} height={220} columns={['Date', column]} rows={data.map((d) => ({ key: d.key, name: d.label, text: d.text }))}>
      {kind === 'line' ? (
        <LineChart data={data} margin={margin} accessibilityLayer={false}>
          {axes}
          <Line type="linear" dataKey="value" stroke="#2b59c3" strokeWidth={2} dot={data.length < 20} isAnimationActive={false} />
        </LineChart>
      ) : (
        <BarChart data={data} margin={margin} accessibilityLayer={false}>
          {axes}
          <Bar dataKey="value" fill="#2b59c3" isAnimationActive={false} />
        </BarChart>
      )}
    </ChartFigure>
  );
}

/** Colours of the lines, distinguishable also in greyscale by their dashes. */
const LINE_STYLES = [
  { stroke: '#2b59c3', dash: undefined },
  { stroke: '#c0392b', dash: '6 3' },
  { stroke: '#1e8449', dash: '2 3' },
  { stroke: '#8e44ad', dash: '8 3 2 3' },
  { stroke: '#b9770e', dash: '4 4' },
];

/** Several series over the same days (a campaign's creators' views), one line each, with a legend. */
export function LinesChart({ title, summary, names, rows, dayLabel }: { title: string; summary?: string | null; names: string[]; rows: ({ day: string } & Record<string, number | string>)[]; dayLabel: (day: string) => string }) {
  const data = rows.map((r) => ({ ...r, label: dayLabel(r.day) }));
  return (
    <ChartFigure
      title={title}
      summary={summary}
      height={240}
      rows={data.map((r) => ({ key: r.day, name: r.label, text: names.map((n) => `${n} ${formatCount(Number(r[n] ?? 0))}`).join(' · ') }))}
    >
      <LineChart data={data} margin={{ top: 8, right: 12, bottom: 8, left: 0 }} accessibilityLayer={false}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="label" tick={{ fontSize: 12 }} interval="preserveStartEnd" minTickGap={16} />
        <YAxis tickFormatter={(v: number) => formatCount(v)} width={52} tick={{ fontSize: 12 }} domain={[0, 'auto']} />
        <Tooltip formatter={(v) => formatCount(Number(v))} />
        <Legend />
        {names.map((name, i) => {
          const style = LINE_STYLES[i % LINE_STYLES.length]!;
          return <Line key={name} type="monotone" dataKey={name} name={name} stroke={style.stroke} strokeDasharray={style.dash} dot={data.length < 2} isAnimationActive={false} />;
        })}
      </LineChart>
    </ChartFigure>
  );
}
