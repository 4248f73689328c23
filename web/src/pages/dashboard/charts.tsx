// Loaded on demand (recharts is most of this chunk): the dashboard's numbers show before it arrives.
import { Bar, BarChart, Cell, Pie, PieChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

const COLORS: Record<string, string> = {
  reachable: '#059669',
  unreachable: '#dc2626',
  unknown: '#94a3b8',
};
const PALETTE = ['#0369a1', '#0891b2', '#7c3aed', '#c026d3', '#ea580c', '#65a30d', '#475569'];

export function CountBars({
  data,
  height = 180,
  onPick,
}: {
  data: { label: string; count: number }[];
  height?: number;
  /** A bar was clicked: the dashboard opens the device list filtered on it. */
  onPick?: (label: string) => void;
}) {
  return (
    <ResponsiveContainer width="100%" height={height}>
      <BarChart data={data} layout="vertical" margin={{ left: 8, right: 16 }}>
        <XAxis type="number" allowDecimals={false} stroke="currentColor" fontSize={11} />
        <YAxis type="category" dataKey="label" width={110} stroke="currentColor" fontSize={11} />
        <Tooltip cursor={{ fillOpacity: 0.1 }} />
        <Bar dataKey="count" isAnimationActive={false}>
          {data.map((d, i) => (
            <Cell
              key={d.label}
              fill={PALETTE[i % PALETTE.length]}
              cursor={onPick ? 'pointer' : undefined}
              onClick={() => onPick?.(d.label)}
            />
          ))}
        </Bar>
      </BarChart>
    </ResponsiveContainer>
  );
}

export function ReachabilityPie({
  data,
  onPick,
}: {
  data: { label: string; count: number }[];
  onPick?: (label: string) => void;
}) {
  return (
    <ResponsiveContainer width="100%" height={180}>
      <PieChart>
        <Pie
          data={data}
          dataKey="count"
          nameKey="label"
          innerRadius={45}
          outerRadius={75}
          isAnimationActive={false}
        >
          {data.map((d) => (
            <Cell
              key={d.label}
              fill={COLORS[d.label] ?? '#94a3b8'}
              cursor={onPick ? 'pointer' : undefined}
              onClick={() => onPick?.(d.label)}
            />
          ))}
        </Pie>
        <Tooltip />
      </PieChart>
    </ResponsiveContainer>
  );
}

export function HourlyChanges({
  data,
  onPick,
}: {
  data: { hour: string; count: number }[];
  /** An hour's bar was clicked: the dashboard shows the changes' list. */
  onPick?: () => void;
}) {
  const rows = data.map((d) => ({
    label: new Date(d.hour).getHours().toString().padStart(2, '0'),
    count: d.count,
  }));
  return (
    <ResponsiveContainer width="100%" height={160}>
      <BarChart data={rows} margin={{ left: -20, right: 8 }}>
        <XAxis dataKey="label" stroke="currentColor" fontSize={11} interval={2} />
        <YAxis allowDecimals={false} stroke="currentColor" fontSize={11} />
        <Tooltip cursor={{ fillOpacity: 0.1 }} labelFormatter={(l) => `${l}:00`} />
        <Bar
          dataKey="count"
          fill="#0369a1"
          isAnimationActive={false}
          cursor={onPick ? 'pointer' : undefined}
          onClick={() => onPick?.()}
        />
      </BarChart>
    </ResponsiveContainer>
  );
}
