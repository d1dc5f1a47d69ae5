import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/**
 * The overview's two time-series charts (uPlot): txs sealed per minute and seal-to-proof time per batch,
 * over the last hour. Each chart is made once and fed new data on every refresh; it follows its
 * container's width (phone screens included).
 */

const HEIGHT = 180;

export class Chart {
  readonly root: HTMLElement;
  #plot: uPlot | null = null;
  readonly #options: (width: number) => Omit<uPlot.Options, 'legend'>;
  readonly #observer: ResizeObserver;

  constructor(label: string, options: (width: number) => Omit<uPlot.Options, 'legend'>) {
    this.root = document.createElement('figure');
    this.root.className = 'chart';
    this.root.setAttribute('aria-label', label);
    this.#options = options;
    this.#observer = new ResizeObserver(() => this.#plot?.setSize({ width: this.#width(), height: HEIGHT }));
    this.#observer.observe(this.root);
  }

  #width(): number {
    return Math.max(240, this.root.clientWidth || 320);
  }

  update(data: uPlot.AlignedData): void {
    if (this.#plot === null) this.#plot = new uPlot({ ...this.#options(this.#width()), legend: { live: false } }, data, this.root);
    else this.#plot.setData(data);
  }
}

const axes = (unit: string): uPlot.Axis[] => [
  { stroke: '#8a94a6', grid: { stroke: '#2a3142' }, ticks: { stroke: '#2a3142' } },
  { stroke: '#8a94a6', grid: { stroke: '#2a3142' }, ticks: { stroke: '#2a3142' }, label: unit, size: 50 },
];

export function throughputChart(): Chart {
  const bars = uPlot.paths.bars!({ size: [0.8, 40] });
  return new Chart('L2 and L1 txs sealed per minute, last hour', (width) => ({
    width, height: HEIGHT, axes: axes('txs / min'),
    scales: { y: { range: (_u, _min, max) => [0, Math.max(4, max)] } },
    series: [{}, { label: 'L2 txs', stroke: '#5b9cff', fill: '#5b9cff88', paths: bars }, { label: 'L1 txs', stroke: '#f5a524', fill: '#f5a52488', paths: bars }],
  }));
}

export function proofTimeChart(): Chart {
  return new Chart('seal-to-proof time per batch, last hour', (width) => ({
    width, height: HEIGHT, axes: axes('seconds'),
    scales: { y: { range: (_u, _min, max) => [0, Math.max(10, max * 1.1)] } },
    series: [{}, { label: 'seal → proof (s)', stroke: '#3ccf91', paths: () => null, points: { show: true, size: 6, fill: '#3ccf91' } }],
  }));
}
