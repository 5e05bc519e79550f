import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

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
