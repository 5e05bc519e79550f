/** A video's views as of the end of one UTC day (its last observation that day). */
export interface VideoDay {
  videoId: string;
  day: string;
  views: number;
}

export interface DayViews {
  day: string;
  views: number;
}

/** Longest series drawn: the most recent days, so a long-running deal's chart stays readable. */
export const MAX_DAYS = 120;

const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/**
 * Views of several videos over time, summed per day: every day from the first observation to
 * the last, each video counting the views of its latest observation up to that day (a day with
 * no observation of a video keeps its previous figure; a video not yet observed counts 0).
 */
export function viewsOverTime(points: readonly VideoDay[], maxDays = MAX_DAYS): DayViews[] {
  if (!points.length) return [];
  const byDay = new Map<string, VideoDay[]>();
  for (const p of points) byDay.set(p.day, [...(byDay.get(p.day) ?? []), p]);
  const days = [...byDay.keys()].sort();
  const last = days.at(-1)!;
  const current = new Map<string, number>();
  const series: DayViews[] = [];
  for (let day = days[0]!; day <= last; day = nextDay(day)) {
    for (const p of byDay.get(day) ?? []) current.set(p.videoId, p.views);
    let views = 0;
    for (const v of current.values()) views += v;
    series.push({ day, views });
  }
  return series.slice(-maxDays);
}
