// Hand-written SVG for the report's two kinds of chart (grouped bars, lines).
// A charting dependency would be larger than this file and would pull a DOM
// or canvas into a Node tool; plain SVG text renders on GitHub and in any browser.

export type Series = { name: string; color: string; dashed?: boolean };
export type BarSeries = Series & { values: number[] };
export type LineSeries = Series & { points: [number, number][] };

const WIDTH = 760;
const HEIGHT = 340;
const PAD = { left: 56, right: 16, top: 56, bottom: 64 };
const PLOT_W = WIDTH - PAD.left - PAD.right;
const PLOT_H = HEIGHT - PAD.top - PAD.bottom;

const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const round = (n: number) => Math.round(n * 10) / 10;

/** A "nice" axis maximum and its tick step (1, 2 or 5 times a power of ten). */
function niceScale(max: number, ticks = 5): { top: number; step: number } {
  if (!(max > 0)) return { top: 1, step: 0.2 };
  const raw = max / ticks;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * power >= raw) ?? 10) * power;
  return { top: Math.ceil(max / step) * step, step };
}

function frame(title: string, yLabel: string, xLabel: string, top: number, step: number, body: string[]): string {
  const grid: string[] = [];
  for (let v = 0; v <= top + step / 2; v += step) {
    const y = round(PAD.top + PLOT_H - (v / top) * PLOT_H);
    grid.push(`<line x1="${PAD.left}" x2="${PAD.left + PLOT_W}" y1="${y}" y2="${y}" stroke="#e5e7eb"/>`);
    const label = Number.isInteger(v) ? String(v) : v.toFixed(1);
    grid.push(`<text x="${PAD.left - 6}" y="${y + 4}" text-anchor="end">${label}</text>`);
  }
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="system-ui, sans-serif" font-size="11" fill="#374151">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#fff"/>`,
    `<text x="${PAD.left}" y="20" font-size="14" font-weight="600">${xml(title)}</text>`,
    ...grid,
    `<text transform="translate(14 ${PAD.top + PLOT_H / 2}) rotate(-90)" text-anchor="middle">${xml(yLabel)}</text>`,
    `<text x="${PAD.left + PLOT_W / 2}" y="${HEIGHT - 8}" text-anchor="middle">${xml(xLabel)}</text>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}

function legend(series: Series[]): string[] {
  let x = PAD.left + 8;
  const y = 38;
  return series.map((s) => {
    const dash = s.dashed ? ' stroke-dasharray="5 4"' : '';
    const item =
      `<line x1="${x}" x2="${x + 18}" y1="${y - 4}" y2="${y - 4}" stroke="${s.color}" stroke-width="3"${dash}/>` +
      `<text x="${x + 24}" y="${y}">${xml(s.name)}</text>`;
    // About 6 px per character at this font size, plus the swatch and a gap.
    x += 24 + s.name.length * 6 + 20;
    return item;
  });
}

export function barChart(options: {
  title: string;
  yLabel: string;
  xLabel: string;
  categories: string[];
  series: BarSeries[];
}): string {
  const { categories, series } = options;
  const max = Math.max(0, ...series.flatMap((s) => s.values));
  const { top, step } = niceScale(max);
  const slot = PLOT_W / categories.length;
  const barW = (slot * 0.8) / series.length;
  const body: string[] = [];
  categories.forEach((category, c) => {
    series.forEach((s, k) => {
      const value = s.values[c] ?? 0;
      const h = (value / top) * PLOT_H;
      const x = PAD.left + c * slot + slot * 0.1 + k * barW;
      body.push(
        `<rect x="${round(x)}" y="${round(PAD.top + PLOT_H - h)}" width="${round(barW)}" height="${round(h)}" fill="${s.color}"><title>${xml(`${s.name} ${category}: ${value.toFixed(1)}`)}</title></rect>`,
      );
    });
    const cx = round(PAD.left + c * slot + slot / 2);
    body.push(
      `<text transform="translate(${cx} ${PAD.top + PLOT_H + 10}) rotate(45)" text-anchor="start">${xml(category)}</text>`,
    );
  });
  return frame(options.title, options.yLabel, options.xLabel, top, step, [...body, ...legend(series)]);
}

export function lineChart(options: { title: string; yLabel: string; xLabel: string; series: LineSeries[] }): string {
  const { series } = options;
  const maxX = Math.max(1, ...series.flatMap((s) => s.points.map(([x]) => x)));
  const { top, step } = niceScale(Math.max(0, ...series.flatMap((s) => s.points.map(([, y]) => y))));
  const xs = niceScale(maxX, 10);
  const px = (x: number) => round(PAD.left + (x / xs.top) * PLOT_W);
  const py = (y: number) => round(PAD.top + PLOT_H - (y / top) * PLOT_H);
  const body: string[] = [];
  for (let x = 0; x <= xs.top + xs.step / 2; x += xs.step) {
    body.push(`<text x="${px(x)}" y="${PAD.top + PLOT_H + 16}" text-anchor="middle">${x}</text>`);
  }
  for (const s of series) {
    if (s.points.length === 0) continue;
    const d = s.points.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${px(x)} ${py(y)}`).join(' ');
    const dash = s.dashed ? ' stroke-dasharray="5 4"' : '';
    body.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2"${dash}/>`);
  }
  return frame(options.title, options.yLabel, options.xLabel, top, step, [...body, ...legend(series)]);
}
